/**
 * Built-in positions against the public record (issue 15). The reference table
 * tests/fixtures/expected/public-positions.json is written by
 * scripts/expected/make-public-positions.py from the cited sources (OpenStreetMap station
 * points, Wikipedia coordinates, REFERENCE.md estimates), never from layers/. Distances are
 * GRS80 geodesics from GeographicLib, not the atlas's own measuring code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import geographiclib from 'geographiclib-geodesic';
import type { Feature, FeatureCollection, Geometry, LineString, Position } from 'geojson';
import { describe, expect, it } from 'vitest';

const REPOSITORY = join(__dirname, '..', '..');
const GRS80 = new geographiclib.Geodesic.Geodesic(6378137, 1 / 298.257222101);

interface ReferencePosition {
  layer: string;
  id: string;
  name: string;
  lon: number;
  lat: number;
  kind: 'public' | 'estimate';
  uncertainty_m: number;
  source: string;
  point: 'position' | 'midpoint';
}

interface ReferenceLine {
  layer: string;
  id: string;
  length_km_published: number;
  tolerance: number;
  stations_in_order: string[];
}

interface ReferenceTable {
  hardLimitsMetres: Record<string, number>;
  positions: ReferencePosition[];
  lines: ReferenceLine[];
}

function readJson<T>(relativePath: string): T {
  return JSON.parse(readFileSync(join(REPOSITORY, relativePath), 'utf8')) as T;
}

const reference = readJson<ReferenceTable>('tests/fixtures/expected/public-positions.json');
const layerCache = new Map<string, FeatureCollection>();
function layer(id: string): FeatureCollection {
  let collection = layerCache.get(id);
  if (!collection) {
    collection = readJson<FeatureCollection>(`layers/${id}/${id}.geojson`);
    layerCache.set(id, collection);
  }
  return collection;
}

function findFeature(layerId: string, featureId: string): Feature {
  const found = layer(layerId).features.find((feature) => feature.properties?.id === featureId);
  if (!found) throw new Error(`layers/${layerId}: no feature ${featureId}`);
  return found;
}

function distanceMetres(a: Position, b: Position): number {
  return GRS80.Inverse(a[1], a[0], b[1], b[0], geographiclib.Geodesic.DISTANCE).s12!;
}

/** The point a reference entry describes: a Point's position or a line's geodesic midpoint. */
function featurePoint(geometry: Geometry, point: ReferencePosition['point']): Position {
  if (geometry.type === 'Point') return geometry.coordinates;
  if (geometry.type !== 'LineString' || point !== 'midpoint') throw new Error(`cannot take a ${point} of ${geometry.type}`);
  const coordinates = geometry.coordinates;
  const total = coordinates.slice(1).reduce((sum, position, index) => sum + distanceMetres(coordinates[index], position), 0);
  let walked = 0;
  for (let index = 1; index < coordinates.length; index += 1) {
    const step = distanceMetres(coordinates[index - 1], coordinates[index]);
    if (walked + step >= total / 2) {
      const [from, to] = [coordinates[index - 1], coordinates[index]];
      const inverse = GRS80.Inverse(from[1], from[0], to[1], to[0]);
      const direct = GRS80.Direct(from[1], from[0], inverse.azi1!, total / 2 - walked);
      return [direct.lon2!, direct.lat2!];
    }
    walked += step;
  }
  return coordinates[coordinates.length - 1];
}

function lineLengthKm(line: LineString): number {
  const coordinates = line.coordinates;
  return coordinates.slice(1).reduce((sum, position, index) => sum + distanceMetres(coordinates[index], position), 0) / 1000;
}

/** Index of the vertex of `line` nearest to `position` (stations are vertices of the schematic line). */
function nearestVertex(line: LineString, position: Position): { index: number; metres: number } {
  let best = { index: -1, metres: Infinity };
  line.coordinates.forEach((vertex, index) => {
    const metres = distanceMetres(vertex, position);
    if (metres < best.metres) best = { index, metres };
  });
  return best;
}

describe('public-positions reference table', () => {
  it('lists sourced positions with a stated uncertainty', () => {
    expect(reference.positions.length).toBeGreaterThanOrEqual(20);
    for (const entry of reference.positions) {
      expect(entry.source.length, `${entry.id} source`).toBeGreaterThan(5);
      expect(entry.uncertainty_m, `${entry.id} uncertainty`).toBeGreaterThan(0);
    }
  });
});

describe('each shipped feature lies within its stated uncertainty of its reference position', () => {
  for (const entry of reference.positions) {
    it(`${entry.layer}/${entry.id} (${entry.name}, ${entry.kind})`, () => {
      const feature = findFeature(entry.layer, entry.id);
      const properties = feature.properties ?? {};
      const stated = properties.uncertainty_m;
      expect(typeof stated, `${entry.id} states uncertainty_m`).toBe('number');
      // A feature may not claim to be better known than its source.
      expect(stated as number).toBeGreaterThanOrEqual(entry.uncertainty_m);
      // …nor hide a public position behind a loose uncertainty: stated ≤ the source's own.
      if (entry.kind === 'public') expect(stated as number).toBeLessThanOrEqual(entry.uncertainty_m);
      const metres = distanceMetres(featurePoint(feature.geometry, entry.point), [entry.lon, entry.lat]);
      expect(metres, `${entry.id} is ${metres.toFixed(0)} m from its reference position`).toBeLessThanOrEqual(stated as number);
      expect(properties.position_kind).toBe(entry.kind);
    });
  }

  it('puts 莱西站 and 荣成站 within 300 m of their public positions', () => {
    for (const [featureId, limit] of Object.entries(reference.hardLimitsMetres)) {
      const entry = reference.positions.find((candidate) => candidate.id === featureId)!;
      const feature = findFeature(entry.layer, featureId);
      const metres = distanceMetres(featurePoint(feature.geometry, 'position'), [entry.lon, entry.lat]);
      expect(metres, `${featureId}`).toBeLessThanOrEqual(limit);
    }
  });
});

describe('every station, port, bridge and town says where its position comes from', () => {
  const layers = ['hsr-stations', 'railway-stations', 'ports', 'bridges', 'towns'];
  for (const layerId of layers) {
    it(layerId, () => {
      for (const feature of layer(layerId).features) {
        const properties = feature.properties ?? {};
        const label = `${layerId}/${String(properties.id)}`;
        expect(typeof properties.source === 'string' && properties.source.length > 0, `${label} source`).toBe(true);
        expect(typeof properties.position_note === 'string' && properties.position_note.length > 0, `${label} position_note`).toBe(true);
        expect(Number.isFinite(properties.uncertainty_m) && properties.uncertainty_m > 0, `${label} uncertainty_m`).toBe(true);
        expect(['public', 'estimate'], `${label} position_kind`).toContain(properties.position_kind);
      }
    });
  }
});

describe('railway lines', () => {
  for (const line of reference.lines) {
    it(`${line.id} passes its stations in order and stays within ${line.tolerance * 100}% of ${line.length_km_published} km`, () => {
      const geometry = findFeature(line.layer, line.id).geometry as LineString;
      const length = lineLengthKm(geometry);
      expect(Math.abs(length - line.length_km_published) / line.length_km_published).toBeLessThanOrEqual(line.tolerance);
      let previous = -1;
      for (const stationId of line.stations_in_order) {
        const station = findFeature('hsr-stations', stationId).geometry as { type: 'Point'; coordinates: Position };
        const nearest = nearestVertex(geometry, station.coordinates);
        expect(nearest.metres, `${stationId} on the line`).toBeLessThan(1);
        expect(nearest.index, `${stationId} after the previous station`).toBeGreaterThan(previous);
        previous = nearest.index;
      }
    });
  }

  it('every railway line carries kind high-speed or ordinary', () => {
    for (const layerId of ['hsr-line', 'railways']) {
      for (const feature of layer(layerId).features) {
        expect(['high-speed', 'ordinary'], `${layerId}/${String(feature.properties?.id)}`).toContain(feature.properties?.kind);
      }
    }
  });

  it('lists each railway station on the lines it belongs to', () => {
    const railways = layer('railways').features;
    for (const station of [...layer('railway-stations').features, ...layer('hsr-stations').features]) {
      const lines = String(station.properties?.lines ?? '').split(';').filter(Boolean);
      expect(lines.length, String(station.properties?.id)).toBeGreaterThan(0);
      for (const name of lines) {
        if (name === '莱荣高铁') continue;
        const railway = railways.find((candidate) => String(candidate.properties?.name_zh).startsWith(name.slice(0, 2)));
        expect(railway, `${String(station.properties?.id)} line ${name}`).toBeDefined();
        const nearest = nearestVertex(railway!.geometry as LineString, (station.geometry as { coordinates: Position }).coordinates);
        expect(nearest.metres, `${String(station.properties?.id)} is a vertex of ${name}`).toBeLessThan(1);
      }
    }
  });
});
