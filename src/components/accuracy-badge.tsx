/** The accuracy tag: surveyed / digitized / schematic, schematic unmistakably marked 示意. */
import type { Accuracy } from '../data/catalog-types';
import { useTranslation } from '../state/use-translation';

export function AccuracyBadge({ accuracy, testId }: { accuracy: Accuracy; testId?: string }) {
  const { t } = useTranslation();
  // Schematic carries both languages whatever the interface language: it is a warning.
  const text = accuracy === 'schematic' ? '示意 / schematic' : t(`accuracy.${accuracy}`);
  return (
    <span className={`accuracy-badge accuracy-${accuracy}`} data-testid={testId} data-accuracy={accuracy} title={t(`accuracy.${accuracy}.title`)}>
      {text}
    </span>
  );
}
