/**
 * Park explorer, land-use intensity dashboard and key-project board (issue 5). What the app
 * shell mounts:
 * - <ExplorerButton /> in the header (opens/closes the panel);
 * - <ExplorerPanel /> in the map area (bottom drawer; Esc closes; body is a lazy chunk);
 * - <ExplorerOverlays /> as a child of <AtlasMap> (parcels by bbox, choropleth, 3D, highlight,
 *   flights; a lazy chunk loaded when the explorer is first opened).
 * Or <ExplorerMounts /> alone as a child of <AtlasMap> (see mount.tsx).
 */
export { ExplorerButton } from './explorer-button';
export { ExplorerPanel } from './explorer-panel';
export { ExplorerOverlays } from './explorer-overlays';
export { ExplorerMounts } from './mount';
