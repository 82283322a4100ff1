/**
 * The URL hash as a view of the app state, OpenStreetMap style:
 * `#map=<zoom>/<lat>/<lon>&layers=<id,...>`. Zoom is written with 2 decimals, latitude and
 * longitude with 5 (≈1 m). Keys this module does not own (`story=`, `step=`, `site=` …)
 * are kept verbatim and in order, so features can add their own keys to the same hash.
 * Pure functions: no DOM, no React.
 */

export interface HashView {
  zoom: number;
  latitude: number;
  longitude: number;
}

export interface HashState {
  /** Absent when the hash has no valid `map=`. */
  view?: HashView;
  /** Visible layer ids in URL order; absent when the hash has no `layers=` (empty list = none visible). */
  layers?: string[];
  /** Every other `key=value` entry, raw and in order. */
  other: Array<[string, string]>;
}

/** MapLibre's zoom range. */
const MIN_ZOOM = 0;
const MAX_ZOOM = 24;
/** Web Mercator's latitude limit. */
const MAX_LATITUDE = 85.051129;

function splitEntries(hash: string): Array<[string, string]> {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body.trim() === '') return [];
  return body
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const equals = part.indexOf('=');
      return equals < 0 ? [part, ''] : [part.slice(0, equals), part.slice(equals + 1)];
    });
}

/**
 * Decodes one hash value; a malformed escape (a stray `%` typed or pasted into a link) is
 * kept as written instead of throwing, so a bad link cannot stop the app from starting.
 */
export function decodeHashValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Reads `<zoom>/<lat>/<lon>`; undefined when any part is missing, not a number or out of range. */
export function parseMapValue(value: string): HashView | undefined {
  const parts = decodeHashValue(value).split('/');
  if (parts.length !== 3 || parts.some((part) => part.trim() === '')) return undefined;
  const [zoom, latitude, longitude] = parts.map(Number);
  if (![zoom, latitude, longitude].every(Number.isFinite)) return undefined;
  if (zoom < MIN_ZOOM || zoom > MAX_ZOOM) return undefined;
  if (Math.abs(latitude) > MAX_LATITUDE || Math.abs(longitude) > 180) return undefined;
  return { zoom, latitude, longitude };
}

/** Parses a location hash (with or without the leading '#'). Invalid `map=` values are dropped. */
export function parseHash(hash: string): HashState {
  const state: HashState = { other: [] };
  for (const [key, value] of splitEntries(hash)) {
    if (key === 'map') {
      const view = parseMapValue(value);
      if (view) state.view = view;
    } else if (key === 'layers') {
      state.layers = decodeHashValue(value)
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
    } else {
      state.other.push([key, value]);
    }
  }
  return state;
}

/** `<zoom>/<lat>/<lon>` with 2 / 5 / 5 decimals. */
export function formatMapValue(view: HashView): string {
  // Longitude is wrapped into −180..180 so a panned-around-the-world map stays a valid link.
  const longitude = ((((view.longitude + 180) % 360) + 360) % 360) - 180;
  return `${view.zoom.toFixed(2)}/${view.latitude.toFixed(5)}/${longitude.toFixed(5)}`;
}

/**
 * Writes `map=` and `layers=` into `previousHash`, keeping every other entry verbatim and
 * in place. `map=` and `layers=` keep their positions when present, otherwise they lead.
 * Returns the hash with its leading '#'.
 */
export function formatHash(state: { view: HashView; layers: readonly string[] }, previousHash = ''): string {
  const mapEntry = `map=${formatMapValue(state.view)}`;
  const layersEntry = `layers=${state.layers.join(',')}`;
  const entries = splitEntries(previousHash);
  const output: string[] = [];
  let wroteMap = false;
  let wroteLayers = false;
  for (const [key, value] of entries) {
    if (key === 'map') {
      if (!wroteMap) output.push(mapEntry);
      wroteMap = true;
    } else if (key === 'layers') {
      if (!wroteLayers) output.push(layersEntry);
      wroteLayers = true;
    } else {
      output.push(value === '' && !entryHadEquals(previousHash, key) ? key : `${key}=${value}`);
    }
  }
  const leading: string[] = [];
  if (!wroteMap) leading.push(mapEntry);
  if (!wroteLayers) leading.push(layersEntry);
  return `#${[...leading, ...output].join('&')}`;
}

/** Whether `key` appeared as `key=` (empty value) rather than a bare `key` in the hash. */
function entryHadEquals(hash: string, key: string): boolean {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  return body.split('&').some((part) => part === `${key}=`);
}
