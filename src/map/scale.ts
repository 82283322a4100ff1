/**
 * Map scale for scale bars and sheets: ground metres per CSS pixel at a latitude and zoom
 * (Web Mercator, 512-px tiles, MapLibre's own earth), and a round length to draw. Pure.
 */

/** WGS 84 equatorial circumference, metres (MapLibre's own constant). */
const EARTH_CIRCUMFERENCE = 2 * Math.PI * 6378137;

export function metresPerPixel(latitude: number, zoom: number): number {
  return (EARTH_CIRCUMFERENCE * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** zoom);
}

/** A round length for a scale bar: 1, 2 or 5 × 10ⁿ metres, at most `maximum`. */
export function niceLength(maximum: number): number {
  const power = 10 ** Math.floor(Math.log10(maximum));
  for (const step of [5, 2, 1]) if (step * power <= maximum) return step * power;
  return power;
}
