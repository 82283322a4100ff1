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
