/**
 * The atlas's layers drawn on the printed report's map (key projects are left out: they crowd
 * a site-scale map); its legend lists those with a feature in the frame. Pure.
 */
export const PRINT_LAYER_IDS = [
  'basemap-land',
  'basemap-counties',
  'development-zones',
  'industrial-parks',
  'marine-ranch',
  'roads',
  'hsr-line',
  'railways',
  'bridges',
  'hsr-stations',
  'railway-stations',
  'ports',
  'towns',
] as const;
