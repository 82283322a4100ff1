/**
 * The explorer's map overlays' shell, rendered as a child of the <Map>: nothing until the
 * explorer is first opened, then the lazy parcel-overlays chunk (parcels by bounding box,
 * choropleth, 3D buildings, failing parcels, the selected park's highlight, camera flights).
 */
import { lazy, Suspense } from 'react';
import { useExplorer } from './explorer-store';

const ParcelOverlays = lazy(() => import('./parcel-overlays'));

export function ExplorerOverlays() {
  const everOpened = useExplorer((state) => state.everOpened);
  if (!everOpened) return null;
  return (
    <Suspense fallback={null}>
      <ParcelOverlays />
    </Suspense>
  );
}
