/**
 * The bureau's reference layers (issue 10) load after the first draw: their controller starts
 * the analysis worker and reads the layer store, which would compete with the first picture
 * (issue 12). Apart from lazy-parts.tsx because the map (atlas-map.tsx) imports it.
 */
import type { ReactNode } from 'react';
import { LazyBoundary, lazyNamed, useAfterFirstDraw, useFirstUse } from './lazy-boundary';

const ReferenceLayersSection = lazyNamed(() => import('../reference/reference-layers-section'), 'ReferenceLayersSection');
const ReferenceLayers = lazyNamed(() => import('../../map/reference-layers'), 'ReferenceLayers');

/** The reference layers' section of the layer panel (issue 10), after the first draw. */
export function LazyReferenceLayersSection() {
  if (!useFirstUse(useAfterFirstDraw())) return null;
  return (
    <LazyBoundary>
      <ReferenceLayersSection />
    </LazyBoundary>
  );
}

/** The reference layers on the map (issue 10), after the first draw. */
export function LazyReferenceLayers(): ReactNode {
  if (!useFirstUse(useAfterFirstDraw())) return null;
  return (
    <LazyBoundary quiet>
      <ReferenceLayers />
    </LazyBoundary>
  );
}
