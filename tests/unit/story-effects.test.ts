/**
 * The presentation's highlight geometry (src/story/story-effects.ts): which colour each
 * highlight takes, the order areas are drawn in, and where the big labels go. Synthetic
 * squares near Rushan, so every expectation follows from the geometry written here.
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { distance } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { highlightCollection, highlightLabelPoints } from '../../src/story/story-effects';
import { chineseLabelLines, englishLabelLines, labelText } from '../../src/map/label-lines';

function square(id: string, west: number, south: number, size: number, properties: Record<string, unknown> = {}): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { id, name_zh: properties.name_zh ?? id, name_en: properties.name_en ?? id, ...properties },
    geometry: { type: 'Polygon', coordinates: [[[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]] },
  };
}

const collection = (...features: Feature<Geometry>[]): FeatureCollection => ({ type: 'FeatureCollection', features });

// A 10 km zone; a park in its north-east quarter; a station in its south-west part; an expressway beside it.
const zone = square('zone', 121.5, 36.8, 0.1, { name_zh: '乳山经济开发区', name_en: 'Rushan Economic Development Zone' });
const park = square('park', 121.56, 36.86, 0.03, { name_zh: '海洋生物基地（乳山经济开发区）', name_en: 'Marine biology base (Rushan Economic Development Zone)' });
const lonePark = square('lone', 121.8, 36.8, 0.03, { name_zh: '时尚创意基地（某产业园）', name_en: 'Fashion base (some park)' });
const station: Feature<Point> = { type: 'Feature', properties: { id: 'station', name_zh: '乳山南站', name_en: 'Rushan South' }, geometry: { type: 'Point', coordinates: [121.53, 36.83] } };
const road: Feature = { type: 'Feature', properties: { id: 'road', name_zh: '文莱高速', name_en: 'Wenlai Expressway' }, geometry: { type: 'LineString', coordinates: [[121.4, 36.7], [121.7, 36.95]] } };
const rail: Feature = { type: 'Feature', properties: { id: 'rail', name_zh: '莱荣高铁', name_en: 'Laixi–Rongcheng HSR' }, geometry: { type: 'LineString', coordinates: [[121.4, 36.75], [121.7, 36.9]] } };
const built = square('built', 121.6, 36.6, 0.02, { status: 'built' });
// A zone in the zone whose bracket says which part it is, not where.
const southPart = square('south', 121.51, 36.81, 0.02, { name_zh: '综合保税区（南区）', name_en: 'Bonded Zone (South)' });

const data = {
  'development-zones': collection(zone, southPart),
  'industrial-parks': collection(park, lonePark),
  'hsr-stations': collection(station),
  roads: collection(road),
  'hsr-line': collection(rail),
  'marine-ranch': collection(built),
};

const step = {
  highlight: [
    { layer: 'industrial-parks', ids: ['park', 'lone'] },
    { layer: 'development-zones', ids: ['zone', 'south'] },
    { layer: 'hsr-stations', ids: ['station'] },
    { layer: 'roads', ids: ['road'] },
    { layer: 'hsr-line', ids: ['rail'] },
    { layer: 'marine-ranch', ids: ['built'] },
  ],
};

describe('story highlights', () => {
  const highlights = highlightCollection(step, data);
  const byId = (id: string) => highlights.features.find((feature) => feature.properties.id === id)!;

  it('gives a road, a park and what is built their own colour, the railway and zones the yellow', () => {
    expect(byId('road').properties.tone).toBe('road');
    expect(byId('rail').properties.tone).toBe('main');
    expect(byId('park').properties.tone).toBe('park');
    expect(byId('zone').properties.tone).toBe('main');
    expect(byId('built').properties.tone).toBe('built');
    expect(byId('station').properties.tone).toBe('main');
  });

  it('draws a larger area first, so a park inside its zone is drawn over it, and lines and points above both', () => {
    expect(byId('zone').properties.stack).toBeLessThan(byId('park').properties.stack);
    expect(byId('park').properties.stack).toBeLessThan(byId('rail').properties.stack);
    expect(byId('station').properties.stack).toBe(0);
  });

  it('writes a zone’s name on the zone, off the park inside it and clear of the station', () => {
    const labels = highlightLabelPoints(highlights);
    const label = labels.features.find((feature) => feature.properties.id === 'zone')!;
    expect(booleanPointInPolygon(label, zone)).toBe(true);
    expect(booleanPointInPolygon(label, park)).toBe(false);
    // The zone's box diagonal is ≈ 14 km; the clearance round a station is 6 % of it.
    expect(distance(label, station)).toBeGreaterThan(0.8);
    // Not the zone's own centre, which lies 1 km from the park's corner.
    expect(distance(label, [121.55, 36.85])).toBeGreaterThan(0.5);
  });

  it('names a park inside a highlighted zone without the qualifier naming that zone, and a park alone in full', () => {
    const labels = highlightLabelPoints(highlights);
    const named = (id: string) => labels.features.find((feature) => feature.properties.id === id)!.properties;
    expect(named('park').name_zh).toBe('海洋生物基地');
    expect(named('park').name_en).toBe('Marine biology base');
    expect(named('lone').name_zh).toBe('时尚创意基地（某产业园）');
    expect(named('zone').name_zh).toBe('乳山经济开发区');
    expect(named('south').name_zh).toBe('综合保税区（南区）');
    expect(named('south').name_en).toBe('Bonded Zone (South)');
    // A point is never shortened; a line is labelled mid-way along itself.
    expect(named('station').name_zh).toBe('乳山南站');
    const roadLabel = labels.features.find((feature) => feature.properties.id === 'road')!;
    expect(distance(roadLabel, [121.55, 36.825])).toBeLessThan(0.5);
  });
});

describe('how a highlight name is written', () => {
  it('puts the qualifier on a line of its own instead of breaking the name where the width runs out', () => {
    expect(labelText('服务贸易产业基地（经区软件和服务外包产业园）', 'zh')).toEqual({ label: '服务贸易产业基地', note: '\n（经区软件和服务外包产业园）' });
    expect(labelText('Service trade base (Economic Zone software and outsourcing park)', 'en')).toEqual({
      label: 'Service trade base',
      note: '\n(Economic Zone software\nand outsourcing park)',
    });
    expect(labelText('品质农业基地', 'zh')).toEqual({ label: '品质农业基地', note: '' });
  });

  it('keeps a Chinese name whole up to 12 characters, and breaks a longer one only between words', () => {
    expect(chineseLabelLines('威海火炬高技术产业开发区')).toEqual(['威海火炬高技术产业开发区']);
    expect(chineseLabelLines('电子信息与智能制造基地')).toEqual(['电子信息与智能制造基地']);
    expect(chineseLabelLines('威海（荣成）海洋高新技术产业园')).toEqual(['威海（荣成）', '海洋高新技术产业园']);
    expect(chineseLabelLines('乳山海洋牧场5000亩示范区')).toEqual(['乳山海洋牧场', '5000亩示范区']);
    expect(chineseLabelLines('乳山新能源（汽车）科技产业园')).toEqual(['乳山新能源（汽车）', '科技产业园']);
    // No good place: whole, rather than 乳山滨海新区人工 | 智能产业园.
    expect(chineseLabelLines('乳山滨海新区人工智能产业园')).toEqual(['乳山滨海新区人工智能产业园']);
    expect(labelText('海洋生物基地（威海（荣成）海洋高新技术产业园）', 'zh').note).toBe('\n（威海（荣成）\n海洋高新技术产业园）');
  });

  it('breaks English between words into even lines', () => {
    expect(englishLabelLines('Electronic information and smart manufacturing base')).toEqual(['Electronic information and', 'smart manufacturing base']);
    expect(englishLabelLines('Weihai Economic and Technological Development Zone')).toEqual(['Weihai Economic and', 'Technological Development Zone']);
    expect(englishLabelLines('Oyster Town')).toEqual(['Oyster Town']);
  });

  it('gives each label point its name as written in both languages', () => {
    const labels = highlightLabelPoints(highlightCollection(step, data));
    const lone = labels.features.find((feature) => feature.properties.id === 'lone')!.properties;
    expect([lone.label_zh, lone.note_zh, lone.label_en, lone.note_en]).toEqual(['时尚创意基地', '\n（某产业园）', 'Fashion base', '\n(some park)']);
  });
});

describe('where an area’s big name goes', () => {
  // Kilometres to degrees near Rushan (36.8° N).
  const KM_LAT = 1 / 111.32;
  const KM_LON = 1 / (111.32 * Math.cos((36.8 * Math.PI) / 180));
  const at = (east: number, north: number): [number, number] => [121.5 + east * KM_LON, 36.8 + north * KM_LAT];
  const area = (id: string, name_zh: string, name_en: string, geometry: Geometry): Feature => ({ type: 'Feature', properties: { id, name_zh, name_en }, geometry });
  const ring = (...corners: Array<[number, number]>) => [...corners, corners[0]].map(([east, north]) => at(east, north));

  /**
   * Whether the label written below its point (story-labels' first side), `kmPerEm` km to an
   * em, with the name `ems` wide and two lines high, lies inside `polygon`: its corners and
   * the midpoints of its edges.
   */
  function labelBelowInside(point: Feature<Point>, polygon: Feature, ems: number, kmPerEm: number): boolean {
    const [lon, lat] = point.geometry.coordinates;
    const east = (lon - 121.5) / KM_LON;
    const north = (lat - 36.8) / KM_LAT;
    const [left, right] = [east - (ems / 2) * kmPerEm, east + (ems / 2) * kmPerEm];
    const [top, bottom] = [north - 0.9 * kmPerEm, north - (0.9 + 2.4) * kmPerEm];
    const samples: Array<[number, number]> = [];
    for (const x of [left, (left + right) / 2, right]) for (const y of [top, (top + bottom) / 2, bottom]) samples.push([x, y]);
    return samples.every(([x, y]) => booleanPointInPolygon(at(x, y), polygon as Feature<Polygon>));
  }

  it('writes a wide name in the long part of the area, not at the widest circle of a square one', () => {
    // A 2.4 km square (the widest circle, 1.2 km) joined by a 0.3 km neck to a 14 km × 2 km bar (1 km).
    const tee = area('tee', '威海经济技术开发区', 'Weihai Economic and Technological Development Zone', {
      type: 'Polygon',
      coordinates: [ring([0, 0], [2.4, 0], [2.4, 1], [3, 1], [3, 0], [17, 0], [17, 2], [3, 2], [3, 1.3], [2.4, 1.3], [2.4, 2.4], [0, 2.4])],
    });
    const labels = highlightLabelPoints(highlightCollection({ highlight: [{ layer: 'development-zones', ids: ['tee'] }] }, { 'development-zones': collection(tee) }));
    const label = labels.features[0];
    // 9 Han characters 0.3 km an em (2.7 km wide): too wide for the square, easily in the bar.
    expect(labelBelowInside(label, tee, 9, 0.3)).toBe(true);
    expect(booleanPointInPolygon(label, tee as Feature<Polygon>)).toBe(true);
  });

  it('writes a wide name in the long part of a multipolygon, not in its small square one', () => {
    // A 3 km square (widest circle 1.5 km) and, apart, a 15 km × 2.5 km strip (1.25 km).
    const parts = area('parts', '威海经济技术开发区', 'Weihai Economic and Technological Development Zone', {
      type: 'MultiPolygon',
      coordinates: [[ring([0, 0], [3, 0], [3, 3], [0, 3])], [ring([5, 0], [20, 0], [20, 2.5], [5, 2.5])]],
    });
    const labels = highlightLabelPoints(highlightCollection({ highlight: [{ layer: 'development-zones', ids: ['parts'] }] }, { 'development-zones': collection(parts) }));
    const label = labels.features[0];
    expect(labelBelowInside(label, parts, 9, 0.3)).toBe(true);
    // In the strip's middle, not at one of its ends.
    expect(Math.abs((label.geometry.coordinates[0] - 121.5) / KM_LON - 12.5)).toBeLessThan(3);
  });

  it('writes it clear of the smaller highlighted areas on it and on the side it is turned to', () => {
    // A 10 km × 6 km zone, parks in the north half: the name goes in the free south half.
    const zoneArea = area('zone', '威海经济技术开发区', 'Weihai Economic and Technological Development Zone', { type: 'Polygon', coordinates: [ring([0, 0], [10, 0], [10, 6], [0, 6])] });
    const parkA = area('a', '服务贸易产业基地', 'Service trade base', { type: 'Polygon', coordinates: [ring([1, 3.5], [3, 3.5], [3, 5.5], [1, 5.5])] });
    const parkB = area('b', '医疗健康基地', 'Medical and health base', { type: 'Polygon', coordinates: [ring([7, 3.5], [9, 3.5], [9, 5.5], [7, 5.5])] });
    const labels = highlightLabelPoints(
      highlightCollection(
        { highlight: [{ layer: 'development-zones', ids: ['zone'] }, { layer: 'industrial-parks', ids: ['a', 'b'] }] },
        { 'development-zones': collection(zoneArea), 'industrial-parks': collection(parkA, parkB) },
      ),
    );
    const label = labels.features.find((feature) => feature.properties.id === 'zone')!;
    expect(labelBelowInside(label, zoneArea, 9, 0.3)).toBe(true);
    expect(booleanPointInPolygon(label, parkA as Feature<Polygon>) || booleanPointInPolygon(label, parkB as Feature<Polygon>)).toBe(false);
  });
});
