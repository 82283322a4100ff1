/** The synthetic-data label shown wherever sample parcels feed a figure (issue 5). */
import { useExplorerText } from '../state/use-translation';

export function SampleLabel() {
  const { s } = useExplorerText();
  return (
    <div className="explorer-sample-label" data-testid="sample-label" role="note">
      {s('sample.label')}
    </div>
  );
}
