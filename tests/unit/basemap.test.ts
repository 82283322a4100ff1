/**
 * The committed basemap layers (scripts/basemap/make-all.sh): land from GSHHG 2.3.7, county
 * outlines, towns. Expected land/sea answers come from GMT itself (`gmt select` on the GSHHG
 * shoreline, scripts/basemap/expected-points.json), not from the polygons under test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { LayerMeta } from '../../src/data/catalog-types';

const REPOSITORY = join(__dirname, '..', '..');

function readJson<T>(relativePath: string): T {
  return JSON.parse(readFileSync(join(REPOSITORY, relativePath), 'utf8')) as T;
}

type Area = Polygon | MultiPolygon;
const land = readJson<FeatureCollection<Area>>('layers/basemap-land/basemap-land.geojson');
const counties = readJson<FeatureCollection<Area>>('layers/basemap-counties/basemap-counties.geojson');
const towns = readJson<FeatureCollection<Point>>('layers/towns/towns.geojson');

interface ExpectedPoint {
  id: string;
  description: string;
  lon: number;
  lat: number;
  land: boolean;
}
const expected = readJson<{ mouthWidthMetres: number; points: ExpectedPoint[] }>('scripts/basemap/expected-points.json');

function expectedPoint(id: string): ExpectedPoint {
  const found = expected.points.find((point) => point.id === id);
  if (!found) throw new Error(`expected-points.json has no point ${id}`);
  return found;
}

function onLand(lon: number, lat: number): boolean {
  const point = turf.point([lon, lat]);
  return land.features.some((feature) => turf.booleanPointInPolygon(point, feature));
}

/** Land clipped to a small window, as separate pieces (the window cuts the mainland apart). */
function landPiecesInWindow(window: [number, number, number, number]): Feature<Area>[] {
  const windowPolygon = turf.bboxPolygon(window);
  const pieces: Feature<Area>[] = [];
  for (const feature of land.features) {
    if (!turf.booleanIntersects(feature, windowPolygon)) continue;
    const clipped = turf.intersect(turf.featureCollection([windowPolygon, feature]));
    if (!clipped) continue;
    const polygons = clipped.geometry.type === 'Polygon' ? [clipped.geometry.coordinates] : clipped.geometry.coordinates;
    for (const rings of polygons) pieces.push(turf.polygon(rings));
  }
  return pieces;
}

function seaInWindow(window: [number, number, number, number]): Feature<Polygon>[] {
  const sea = turf.difference(turf.featureCollection<Area>([turf.bboxPolygon(window), ...landPiecesInWindow(window)]));
  if (!sea) return [];
  const polygons = sea.geometry.type === 'Polygon' ? [sea.geometry.coordinates] : sea.geometry.coordinates;
  return polygons.map((rings) => turf.polygon(rings));
}

function decimals(value: number): number {
  const text = String(value);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function allCoordinates(geometry: Area | Point): number[] {
  return (geometry.coordinates as unknown[]).flat(Infinity as 1) as number[];
}

describe('basemap-land (GSHHG 2.3.7 full resolution)', () => {
  it('agrees with GMT on every land and sea check point', () => {
    expect(expected.points.length).toBeGreaterThanOrEqual(10);
    for (const point of expected.points) {
      expect({ id: point.id, land: onLand(point.lon, point.lat) }).toEqual({ id: point.id, land: point.land });
    }
  });

  it('keeps the Rushan Bay interior as sea', () => {
    for (const id of ['rushan-bay-west-arm', 'rushan-bay-east-arm', 'rushan-mouth-middle', 'rushankou-tide-station']) {
      const point = expectedPoint(id);
      expect(point.land).toBe(false);
      expect({ id, land: onLand(point.lon, point.lat) }).toEqual({ id, land: false });
    }
  });

  it('connects the bay to the open sea through the mouth', () => {
    // Sea inside a window around the bay: the bay arms and the open sea must be one polygon.
    const seaPolygons = seaInWindow([121.4, 36.72, 121.62, 36.87]);
    const outside = turf.point([expectedPoint('rushan-bay-outside').lon, expectedPoint('rushan-bay-outside').lat]);
    const openSea = seaPolygons.find((polygon) => turf.booleanPointInPolygon(outside, polygon));
    expect(openSea).toBeDefined();
    for (const id of ['rushan-bay-west-arm', 'rushan-bay-east-arm', 'rushan-mouth-middle']) {
      const point = expectedPoint(id);
      expect({ id, connected: turf.booleanPointInPolygon(turf.point([point.lon, point.lat]), openSea!) }).toEqual({ id, connected: true });
    }
  });

  it('leaves the mouth open by the width the build script measured', () => {
    const pieces = landPiecesInWindow([121.455, 36.765, 121.5, 36.8]);
    const westBankPoint = expectedPoint('rushan-mouth-west-bank');
    const eastBankPoint = expectedPoint('rushan-mouth-east-bank');
    const westBank = pieces.find((piece) => turf.booleanPointInPolygon(turf.point([westBankPoint.lon, westBankPoint.lat]), piece));
    const eastBank = pieces.find((piece) => turf.booleanPointInPolygon(turf.point([eastBankPoint.lon, eastBankPoint.lat]), piece));
    expect(westBank).toBeDefined();
    expect(eastBank).toBeDefined();
    expect(westBank).not.toBe(eastBank);
    // Narrowest gap: every east-bank vertex against the west-bank outline (metres, on the sphere).
    const westOutline = turf.polygonToLine(westBank!) as Feature<LineString | MultiLineString>;
    const westLines = westOutline.geometry.type === 'LineString' ? [westOutline.geometry.coordinates] : westOutline.geometry.coordinates;
    let narrowest = Infinity;
    for (const vertex of turf.coordAll(eastBank!)) {
      for (const line of westLines) {
        narrowest = Math.min(narrowest, turf.pointToLineDistance(turf.point(vertex), turf.lineString(line), { units: 'meters' }));
      }
    }
    expect(narrowest).toBeGreaterThan(200);
    // shapely + pyproj (the build script) and turf measure the same gap within a few per cent.
    expect(Math.abs(narrowest - expected.mouthWidthMetres) / expected.mouthWidthMetres).toBeLessThan(0.05);
  });

  it('has islands as separate polygons, 刘公岛 among them', () => {
    expect(land.features.length).toBeGreaterThan(10);
    const liugong = land.features.find((feature) => feature.properties?.id === 'land-island-liugong');
    expect(liugong?.properties?.name_zh).toBe('刘公岛');
    const area = turf.area(liugong!) / 1e6;
    expect(area).toBeGreaterThan(2);
    expect(area).toBeLessThan(6);
  });
});

describe('basemap-counties', () => {
  it('holds the seven county-level units with unique names and ids', () => {
    const names = counties.features.map((feature) => feature.properties?.name_zh);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(['乳山市', '文登区', '海阳市', '环翠区', '莱西市', '莱阳市', '荣成市'].sort());
    for (const feature of counties.features) {
      expect(['威海市', '烟台市', '青岛市']).toContain(feature.properties?.parent_zh);
      expect(feature.properties?.name_en).toBeTruthy();
    }
  });

  it('every county intersects the land and none reaches far into the sea', () => {
    const mainland = land.features.find((feature) => feature.properties?.id === 'land-mainland')!;
    for (const county of counties.features) {
      expect({ county: county.properties?.name_zh, onLand: turf.booleanIntersects(county, mainland) }).toEqual({
        county: county.properties?.name_zh,
        onLand: true,
      });
    }
    for (const point of expected.points.filter((candidate) => !candidate.land)) {
      const inside = counties.features.filter((county) => turf.booleanPointInPolygon(turf.point([point.lon, point.lat]), county));
      expect({ point: point.id, counties: inside.length }).toEqual({ point: point.id, counties: 0 });
    }
  });

  it('gives a published area only where REFERENCE.md has one', () => {
    const withArea = counties.features.filter((feature) => feature.properties?.area_km2_published !== undefined);
    expect(withArea.map((feature) => [feature.properties?.name_zh, feature.properties?.area_km2_published])).toEqual([['乳山市', 1665]]);
  });
});

describe('towns', () => {
  it('puts every town on land', () => {
    expect(towns.features.length).toBeGreaterThanOrEqual(20);
    for (const town of towns.features) {
      const [lon, lat] = town.geometry.coordinates;
      expect({ town: town.properties?.name_zh, onLand: onLand(lon, lat) }).toEqual({ town: town.properties?.name_zh, onLand: true });
    }
  });

  it('tags positions without a cited source as schematic and says how each was placed', () => {
    for (const town of towns.features) {
      const properties = town.properties!;
      expect(['city-seat', 'district-seat', 'town', 'subdistrict']).toContain(properties.kind);
      expect(typeof properties.position_note).toBe('string');
      // Every point says which it is (the layer is tagged schematic: most points are placed by
      // hand); a point without a cited source is schematic and its note says so.
      expect(['schematic', 'digitized']).toContain(properties.accuracy);
      expect(properties.accuracy === 'schematic', String(properties.id)).toBe(properties.position_kind === 'estimate');
      if (properties.accuracy === 'schematic') expect(properties.position_note).toMatch(/^schematic/);
    }
    const meta = readJson<{ provenance: { accuracy: string } }>('layers/towns/layer.json');
    const schematic = towns.features.filter((town) => town.properties?.accuracy === 'schematic').length;
    // The layer's tag is its points' majority (18 of 24 placed by hand).
    expect(meta.provenance.accuracy).toBe(schematic * 2 > towns.features.length ? 'schematic' : 'digitized');
    const rushan = towns.features.find((town) => town.properties?.id === 'town-rushan')!;
    // en.wikipedia.org/wiki/Rushan,_Shandong 36°54′55″N 121°32′11″E (issue 15: the public
    // coordinate replaces REFERENCE.md's two-decimal ≈36.89 N 121.52 E).
    expect(rushan.geometry.coordinates).toEqual([121.536389, 36.915278]);
  });

  it('includes the seats, 石岛 and the expressway ends', () => {
    const names = new Set(towns.features.map((town) => town.properties?.name_zh));
    for (const name of ['乳山市', '海阳市', '莱阳市', '莱西市', '荣成市', '文登区', '石岛', '宋村镇', '冯格庄街道', '海阳所镇', '乳山寨镇']) {
      expect(names).toContain(name);
    }
  });
});

describe('all basemap layers', () => {
  const layers = [
    { id: 'basemap-land', collection: land as FeatureCollection<Area | Point>, geometryType: 'Polygon' },
    { id: 'basemap-counties', collection: counties as FeatureCollection<Area | Point>, geometryType: 'Polygon' },
    { id: 'towns', collection: towns as FeatureCollection<Area | Point>, geometryType: 'Point' },
  ];

  it('have unique string ids, names in both languages and flat scalar properties', () => {
    const ids = layers.flatMap((layer) => layer.collection.features.map((feature) => feature.properties?.id));
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const layer of layers) {
      for (const feature of layer.collection.features) {
        expect(typeof feature.properties?.name_zh).toBe('string');
        expect(typeof feature.properties?.name_en).toBe('string');
        for (const value of Object.values(feature.properties ?? {})) {
          expect(value === null || ['string', 'number', 'boolean'].includes(typeof value)).toBe(true);
        }
      }
    }
  });

  it('round coordinates to 6 decimals and stay in lon/lat', () => {
    for (const layer of layers) {
      for (const feature of layer.collection.features) {
        const coordinates = allCoordinates(feature.geometry);
        for (let index = 0; index < coordinates.length; index += 2) {
          const [lon, lat] = [coordinates[index], coordinates[index + 1]];
          // Inside the atlas region (catalog-validate.ts ATLAS_REGION: the land reaches its edges).
          expect(lon >= 119 && lon <= 124 && lat >= 35.5 && lat <= 38.5).toBe(true);
          expect(Math.max(decimals(lon), decimals(lat))).toBeLessThanOrEqual(6);
        }
      }
    }
  });

  it('have layer.json files that fit the catalog contract', () => {
    for (const layer of layers) {
      const meta = readJson<LayerMeta>(`layers/${layer.id}/layer.json`);
      expect(meta.id).toBe(layer.id);
      expect(meta.group).toBe('basemap');
      expect(meta.geometryType).toBe(layer.geometryType);
      expect(meta.title.zh && meta.title.en).toBeTruthy();
      expect(['surveyed', 'digitized', 'schematic']).toContain(meta.provenance.accuracy);
      expect(meta.provenance.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(meta.licence && meta.attribution).toBeTruthy();
      expect(Array.isArray(meta.fields)).toBe(true);
    }
    expect(readJson<LayerMeta>('layers/basemap-land/layer.json').order).toBe(0);
    expect(readJson<LayerMeta>('layers/basemap-counties/layer.json').order).toBe(2);
    expect(readJson<LayerMeta>('layers/towns/layer.json').order).toBe(90);
  });
});
