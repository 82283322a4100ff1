/**
 * All of the explorer behind one mount, for shells that prefer a single line: render
 * <ExplorerMounts /> as a child of <AtlasMap>. It draws the map overlays in place and puts
 * the button and the drawer into the map's container through a portal (outside the map
 * canvas's own event handling). The three separate exports of index.ts are the better fit
 * when the header has room for the button.
 */
import { createPortal } from 'react-dom';
import { useMap } from 'react-map-gl/maplibre';
import { ExplorerButton } from './explorer-button';
import { ExplorerOverlays } from './explorer-overlays';
import { ExplorerPanel } from './explorer-panel';

export function ExplorerMounts() {
  const { current: map } = useMap();
  const container = map?.getContainer().parentElement ?? null;
  return (
    <>
      <ExplorerOverlays />
      {container &&
        createPortal(
          <>
            <div style={{ position: 'absolute', top: 10, left: '50%', transform: 'translateX(-50%)', zIndex: 4, background: '#1f3040', borderRadius: 4 }}>
              <ExplorerButton />
            </div>
            <ExplorerPanel />
          </>,
          container,
        )}
    </>
  );
}
