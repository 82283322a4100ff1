/**
 * The printed report's map frame (src/print/print-view.tsx `printFrame`): the site at a
 * site plan's scale, with only the facilities close enough to share the sheet. Expected
 * extents follow from the site's own coordinates (metres per degree on GRS80 at 36.9°N).
 */
import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { printFrame } from '../../src/print/print-view';

// A 250 m × 250 m square near Rushan (≈ 6 ha).
const lat = 36.9;
const dLat = 250 / 110_950;
const dLon = 250 / (111_320 * Math.cos((lat * Math.PI) / 180));
const site: Polygon = { type: 'Polygon', coordinates: [[[121.5, lat], [121.5 + dLon, lat], [121.5 + dLon, lat + dLat], [121.5, lat + dLat], [121.5, lat]]] };

function widthMetres(box: [number, number, number, number]): number {
  return (box[2] - box[0]) * 111_320 * Math.cos((((box[1] + box[3]) / 2) * Math.PI) / 180);
}

describe('printFrame', () => {
  it('frames a 6-ha site about 1 km across, so it fills a quarter of the map, not a few millimetres', () => {
    const box = printFrame(site, []);
    expect(widthMetres(box)).toBeGreaterThan(990);
    expect(widthMetres(box)).toBeLessThan(1010);
  });
  it('takes in a station 1.2 km off, and leaves one 4 km off to its line and the table', () => {
    const near = printFrame(site, [{ distance_m: 1200, end: [121.5 + dLon + 1200 / 89_000, lat] }]);
    expect(near[2]).toBeGreaterThanOrEqual(121.5 + dLon + 1200 / 89_000);
    const far = printFrame(site, [{ distance_m: 4000, end: [121.5 + 4000 / 89_000, lat] }]);
    expect(widthMetres(far)).toBeLessThan(1010);
  });
});
