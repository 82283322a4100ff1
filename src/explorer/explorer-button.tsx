/** The header button that opens and closes the explorer panel. */
import { updateExplorer, useExplorer } from './explorer-store';
import { useExplorerText } from '../state/use-translation';

export function ExplorerButton() {
  const { s } = useExplorerText();
  const open = useExplorer((state) => state.open);
  return (
    <button
      type="button"
      className="explorer-button"
      data-testid="explorer-button"
      aria-pressed={open}
      title={s('button.title')}
      onClick={() => updateExplorer({ open: !open })}
      style={{
        border: '1px solid rgba(255,255,255,0.35)',
        background: open ? 'rgba(255,255,255,0.18)' : 'transparent',
        color: '#f3f6f8',
        borderRadius: 4,
        padding: '3px 12px',
        whiteSpace: 'nowrap',
        // A direct child of the flex title bar: centred and unstretched like its neighbours.
        alignSelf: 'center',
        flex: 'none',
        marginLeft: 8,
      }}
    >
      {s('button.open')}
    </button>
  );
}
