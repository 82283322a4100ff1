/**
 * The review engine as rules (issue 10): each role on small hand-made reference layers
 * against Shapely + pyproj (tests/fixtures/expected/review-rules.json, made by
 * scripts/expected/make-rule-fixtures.py — never by the engine), the findings' geometry, the
 * verdict rules (prohibited, disabled layers, built-in layers left out, unavailable layers),
 * the presets, the built-in railways by `kind`, and the built-in findings' geometry against
 * PostGIS (tests/fixtures/expected/review-overlaps.json; moved here from the deleted
 * review-overlays test: the app now draws exactly this geometry).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { createReviewContext, reviewSite, type ReviewLayer, type SiteReport } from '../../src/analysis/siting-review';
import { measureArea, measureDistance } from '../../src/analysis/measure';
import type { ReferenceInput, ReferenceLayerConfig, ReferenceRole } from '../../src/analysis/review/reference-types';
import { autoNameField, defaultLayerName, layerFileStem, placeFieldOf, presetRole } from '../../src/analysis/review/presets';
import { classNameFor } from '../../src/analysis/review/class-names';
import { verdict } from '../../src/analysis/review/verdict';
import { differencePlanar, intersectPlanar, unionPlanar } from '../../src/geometry/clip';
import { polygonsArea } from '../../src/geometry/planar';
import type { LayerMeta } from '../../src/data/catalog-types';
import { readAuthoredLayers } from '../../scripts/lib/atlas-layers';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const RULES = path.join(FIXTURES, 'review-rules');
// The shipped layers, which the PostGIS fixture also reads (scripts/expected/make-review-fixtures.sh).
const snapshot = { layers: (await readAuthoredLayers()) as ReviewLayer[] };
const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected/review-rules.json'), 'utf8'));
const overlaps = JSON.parse(readFileSync(path.join(FIXTURES, 'expected/review-overlaps.json'), 'utf8')) as {
  sites: Record<string, { projected_crs: 'EPSG:4528' | 'EPSG:4529'; overlaps: { layer: string; id: string; overlap_m2: number }[]; rail_overlap_m2: Record<string, number>; nearest: Record<string, { id: string; distance_m: number }> }>;
};
const context = createReviewContext(snapshot.layers);
const read = (file: string) => JSON.parse(readFileSync(path.join(RULES, file), 'utf8')) as FeatureCollection;
const site = read('site.geojson').features[0];
const siteOf = (name: string) => (JSON.parse(readFileSync(path.join(FIXTURES, 'review', `${name}.geojson`), 'utf8')) as FeatureCollection).features[0];

function layer(id: string, file: string, role: ReferenceRole, extra: Partial<ReferenceLayerConfig> = {}): ReferenceInput {
  const features = read(file).features;
  return { config: { id, name: id, role, source: { file, features: features.length, crs: 'EPSG:4490' }, fields: [], ...extra }, features };
}

/** Within 0.1 % or 1 m², the tolerance. */
function expectArea(actual: number | undefined, wanted: number, label: string): void {
  expect(actual, label).toBeDefined();
  expect(Math.abs((actual as number) - wanted), `${label}: ${actual} vs ${wanted}`).toBeLessThanOrEqual(Math.max(1, wanted * 1e-3));
}

const areaOf = (geometry: unknown) => measureArea(geometry as Polygon | MultiPolygon, { crs: 'EPSG:4529' }).area_m2;

function sectionOf(report: SiteReport, id: string) {
  const section = report.reference.find((item) => item.layer === id);
  expect(section, id).toBeDefined();
  return section!;
}

describe('rules on reference layers match Shapely/pyproj', () => {
  const report = reviewSite(context, site, {}, {
    references: [
      layer('yjjbnt', 'yjjbnt.geojson', { kind: 'prohibited' }),
      layer('czkfbj', 'czkfbj.geojson', { kind: 'inside', severity: 'review' }),
      layer('dltb', 'dltb.geojson', { kind: 'classes', field: 'DLBM', review: ['01'] }),
      layer('zones', 'zones.geojson', { kind: 'zone', industryField: 'ZDCY' }),
      layer('railway', 'railway.geojson', { kind: 'line', widthM: expected.line.width_m }),
      layer('stations', 'stations.geojson', { kind: 'proximity' }),
    ],
  });

  it('measures the site in EPSG:4529 like pyproj', () => {
    expect(report.site.projected_crs).toBe(expected.crs);
    expectArea(report.site.area_m2, expected.site_area_m2, 'site');
  });

  it('prohibited: overlap per feature and the union total, each finding with its overlap shape', () => {
    const section = sectionOf(report, 'yjjbnt');
    expect(section.role).toBe('prohibited');
    expect(section.findings.map((finding) => finding.id)).toEqual(expected.prohibited.findings.map((finding: { id: string }) => finding.id));
    for (const [index, finding] of section.findings.entries()) {
      expectArea(finding.overlap_m2, expected.prohibited.findings[index].overlap_m2, finding.id);
      expectArea(areaOf(finding.geometry), expected.prohibited.findings[index].overlap_m2, `${finding.id} geometry`);
      expect(finding.severity).toBe('blocker');
    }
    // A and B overlap each other: the total is the union, less than the sum.
    expectArea(section.total_overlap_m2, expected.prohibited.total_overlap_m2, 'total');
    expect(section.total_overlap_m2!).toBeLessThan(section.findings.reduce((sum, finding) => sum + finding.overlap_m2!, 0));
  });

  it('inside: the part outside, with its shape', () => {
    const section = sectionOf(report, 'czkfbj');
    expectArea(section.outside_m2, expected.inside.outside_m2, 'outside');
    expectArea(areaOf(section.outside_geometry), expected.inside.outside_m2, 'outside geometry');
    expect(section.findings.map((finding) => finding.id).sort()).toEqual(expected.inside.findings.map((finding: { id: string }) => finding.id).sort());
    for (const finding of section.findings) expectArea(finding.overlap_m2, expected.inside.findings.find((item: { id: string }) => item.id === finding.id).overlap_m2, finding.id);
  });

  it('classes: overlap per feature and per class, 耕地 01xx needing review, names from the class table, no colour for 三调 codes (no verified table)', () => {
    const section = sectionOf(report, 'dltb');
    for (const finding of section.findings) {
      const want = expected.classes.findings.find((item: { id: string }) => item.id === finding.id);
      expect(finding.class).toBe(want.class);
      expectArea(finding.overlap_m2, want.overlap_m2, `class feature ${finding.id}`);
      expect(finding.severity).toBe(want.class.startsWith('01') ? 'review' : 'info');
    }
    expect(section.classes?.map((entry) => entry.class).sort()).toEqual(Object.keys(expected.classes.by_class).sort());
    for (const entry of section.classes ?? []) {
      expectArea(entry.overlap_m2, expected.classes.by_class[entry.class], `class ${entry.class}`);
      expect(entry.color).toBeNull();
    }
    expect(section.classes?.find((entry) => entry.class === '0101')?.name?.zh).toBe('水田');
    expect(section.classes?.find((entry) => entry.class === '0601')?.name?.zh).toBe('工矿用地');
  });

  it('zone: the reference zone joins the zones and decides the industry fit through its field', () => {
    const section = sectionOf(report, 'zones');
    expect(section.findings.map((finding) => finding.id)).toEqual(['Z-1']);
    expectArea(section.findings[0].overlap_m2, expected.zone.findings[0].overlap_m2, 'zone');
    expect(report.zones.some((zone) => zone.layer === 'zones' && zone.id === 'Z-1')).toBe(true);
    const fit = reviewSite(context, site, { industryCode: '37' }, { references: [layer('zones', 'zones.geojson', { kind: 'zone', industryField: 'ZDCY' })], builtInLayers: [] });
    expect(fit.industry?.status).toBe('fit');
    expect(fit.industry?.matched_zones).toEqual(['Z-1']);
    // Built-in zones left out, the reference zone replaces them: 56 % inside → needs review.
    expect(fit.zone_coverage_pct).toBeCloseTo((100 * expected.zone.findings[0].overlap_m2) / expected.site_area_m2, 1);
    expect(fit.reasons.find((reason) => reason.code === 'partly-outside-zones')?.severity).toBe('review');
  });

  it('line: the buffer of widthM each side, as Shapely buffers it (8 segments per quarter)', () => {
    const section = sectionOf(report, 'railway');
    expect(section.findings.map((finding) => finding.id)).toEqual(['TL-1']);
    expectArea(section.findings[0].overlap_m2, expected.line.findings[0].overlap_m2, 'line');
    expectArea(areaOf(section.findings[0].geometry), expected.line.findings[0].overlap_m2, 'line geometry');
    expect(section.findings[0].severity).toBe('blocker');
  });

  it('proximity: the nearest feature at the geodesic distance, with the closest-point line', () => {
    const section = sectionOf(report, 'stations');
    expect(section.findings[0].id).toBe(expected.proximity.nearest.id);
    expect(Math.abs(section.findings[0].distance_m! - expected.proximity.nearest.distance_m)).toBeLessThan(Math.max(0.1, expected.proximity.nearest.distance_m * 1e-3));
    const line = section.findings[0].geometry as { type: 'LineString'; coordinates: [number, number][] };
    expect(line.type).toBe('LineString');
    expect(Math.abs(measureDistance(line.coordinates[0], line.coordinates[1]) - expected.proximity.nearest.distance_m)).toBeLessThan(0.2);
  });

  it('carries the provenance and the verdict names rule and layer', () => {
    expect(sectionOf(report, 'dltb').source).toEqual({ file: 'dltb.geojson', features: 4, crs: 'EPSG:4490' });
    expect(report.verdict).toBe('non-compliant');
    const reason = report.reasons.find((item) => item.layer === 'yjjbnt');
    expect(reason?.rule).toBe('prohibited');
    expect(reason?.severity).toBe('blocker');
    expect(reason?.zh).toContain('永久基本农田'.slice(0, 0) + 'yjjbnt');
    expect(report.reasons.find((item) => item.layer === 'czkfbj')?.severity).toBe('review');
    expect(report.reasons.find((item) => item.code === 'reference:dltb:0101')?.severity).toBe('review');
  });
});

describe('naming reference findings', () => {
  // The prohibited fixture (JB-A and JB-B overlap the site) with a national layout's
  // attributes: JB-B's 图斑编号 an object (a value no text file gives, but a server's JSON
  // can), its MC blank, its 坐落 missing.
  const numbered = read('yjjbnt.geojson').features.map((feature, index) => ({
    ...feature,
    properties: {
      ...feature.properties,
      TBBH: [' 000101 ', { nested: 1 }, '000103'][index],
      MC: ['甲', '  ', '丙'][index],
      ZLDWMC: ['西黄村', null, '东黄村'][index],
    },
  }));
  const fields = ['id', 'name', 'TBBH', 'MC', 'ZLDWMC'];
  const sectionWith = (nameField?: string) => {
    const input: ReferenceInput = {
      config: { id: 'yjjbnt', name: 'yjjbnt', role: { kind: 'prohibited' }, source: { file: 'yjjbnt.geojson', features: 3, crs: 'EPSG:4490' }, fields, ...(nameField ? { nameField } : {}) },
      features: numbered,
    };
    return sectionOf(reviewSite(context, site, {}, { references: [input], builtInLayers: [] }), 'yjjbnt');
  };
  const findings = (nameField?: string) => new Map(sectionWith(nameField).findings.map((finding) => [finding.id, finding]));

  it('by the chosen field, a blank or non-text value leaving the finding unnamed (never filled from another field)', () => {
    expect(sectionWith('TBBH').named_by).toBe('TBBH');
    const byNumber = findings('TBBH');
    expect([...byNumber.keys()].sort()).toEqual(['JB-A', 'JB-B']);
    expect(byNumber.get('JB-A')?.name).toBe('000101');
    expect(byNumber.get('JB-B')?.name).toBeNull();
    const byName = findings('MC');
    expect(byName.get('JB-A')?.name).toBe('甲');
    expect(byName.get('JB-B')?.name).toBeNull();
    // 坐落单位名称 where the feature has one.
    expect(byNumber.get('JB-A')?.place).toBe('西黄村');
    expect(byNumber.get('JB-B')?.place).toBeUndefined();
  });

  it('automatically by a name field the layer has before its 图斑编号', () => {
    const section = sectionWith();
    expect(section.named_by).toBe('name');
    expect(section.findings.map((finding) => finding.name).sort()).toEqual(section.findings.map((finding) => `基本农田${finding.id.slice(-1)}`).sort());
  });
});

describe('verdict rules', () => {
  const prohibited = layer('yjjbnt', 'yjjbnt.geojson', { kind: 'prohibited' });

  it('a disabled layer is listed with its findings but does not move the verdict', () => {
    const on = reviewSite(context, site, {}, { references: [prohibited], builtInLayers: [] });
    const off = reviewSite(context, site, {}, { references: [{ ...prohibited, config: { ...prohibited.config, enabled: false } }], builtInLayers: [] });
    expect(on.verdict).toBe('non-compliant');
    expect(off.verdict).not.toBe('non-compliant');
    expect(off.reference[0].findings.length).toBe(2);
    expect(off.reference[0].enabled).toBe(false);
    const reason = off.reasons.find((item) => item.layer === 'yjjbnt');
    expect(reason?.severity).toBe('info');
    expect(reason?.en).toContain('not counted');
  });

  it('an unavailable layer gives a section saying so and the verdict can never be compliant', () => {
    const unavailable: ReferenceInput = { config: prohibited.config, features: { unavailable: { zh: '服务器无响应', en: 'server not responding' } } };
    // Inside the 乳山经济开发区 with a fitting industry: compliant without the layer.
    const base = siteOf('site-in-zone');
    const proposal = { industryCode: '37', coverage: 0.45, officeShare: 0.05, greenRatio: 0.15 };
    expect(reviewSite(context, base, proposal).verdict).toBe('compliant');
    const report = reviewSite(context, base, proposal, { references: [unavailable] });
    expect(report.verdict).toBe('needs-review');
    expect(report.reference[0].unavailable?.en).toBe('server not responding');
    const reason = report.reasons.find((item) => item.code === 'reference-unavailable:yjjbnt');
    expect(reason?.severity).toBe('review');
    expect(reason?.zh).toContain('yjjbnt');
  });

  it('built-in layers left out: the marine-ranch overlap is listed as information, the verdict ignores it', () => {
    const ranch = siteOf('site-marine-ranch');
    const all = reviewSite(context, ranch);
    expect(all.verdict).toBe('non-compliant');
    const reason = all.reasons.find((item) => item.code === 'marine-ranch');
    expect(reason?.zh).toContain('示意数据');
    expect(reason?.en).toContain('schematic data');
    const none = reviewSite(context, ranch, {}, { builtInLayers: [] });
    expect(none.conflicts.map((conflict) => conflict.layer)).toContain('marine-ranch');
    expect(none.reasons.find((item) => item.code === 'marine-ranch')?.severity).toBe('info');
    // The ranch no longer decides anything; but with no layer counting at all, the site is not
    // passed on comparisons that are information only: it needs review, and says why.
    expect(none.reasons.find((item) => item.code === 'no-layer-counts')?.severity).toBe('review');
    expect(none.reasons.filter((item) => item.severity !== 'info').map((item) => item.code)).toEqual(['no-layer-counts']);
    expect(none.verdict).toBe('needs-review');
  });

  it('verdict(): worst counted severity; muted items become information', () => {
    const item = (severity: 'blocker' | 'review' | 'info', counts = true) => ({ code: severity, rule: 'prohibited' as const, layer: 'x', severity, counts, zh: '甲', en: 'a' });
    expect(verdict([item('info'), item('review')]).verdict).toBe('needs-review');
    expect(verdict([item('review'), item('blocker')]).verdict).toBe('non-compliant');
    expect(verdict([item('blocker', false)]).verdict).toBe('compliant');
    expect(verdict([]).verdict).toBe('compliant');
    expect(verdict([item('blocker', false)]).reasons[0]).toMatchObject({ severity: 'info', rule: 'prohibited', layer: 'x' });
  });

  it('verdict(): reasons worst first — blockers, then what needs review, then information — in the rules’ order within each', () => {
    const item = (code: string, severity: 'blocker' | 'review' | 'info', counts = true) => ({ code, rule: 'prohibited' as const, layer: 'x', severity, counts, zh: code, en: code });
    const { reasons } = verdict([item('zone', 'info'), item('industry', 'review'), item('ranch', 'blocker', false), item('controls', 'review'), item('yjjbnt', 'blocker'), item('note', 'info')]);
    // The muted blocker is information now, and goes with it in its place.
    expect(reasons.map((reason) => `${reason.code}:${reason.severity}`)).toEqual(['yjjbnt:blocker', 'industry:review', 'controls:review', 'zone:info', 'ranch:info', 'note:info']);
  });
});

describe('built-in layers as rules, with geometry (PostGIS)', () => {
  it('the marine-ranch conflict carries its overlap shape with PostGIS’s area', () => {
    const truth = overlaps.sites['site-marine-ranch'];
    const report = reviewSite(context, siteOf('site-marine-ranch'));
    const ranch = report.conflicts.filter((conflict) => conflict.layer === 'marine-ranch');
    const want = truth.overlaps.find((overlap) => overlap.layer === 'marine-ranch')!.overlap_m2;
    const area = ranch.reduce((sum, conflict) => sum + measureArea(conflict.geometry!, { crs: truth.projected_crs }).area_m2, 0);
    expect(Math.abs(area - want) / want).toBeLessThan(1e-3);
    expect(report.protection_zones).toEqual([]);
  });

  it('the railway conflict carries its overlap with the Art. 27 strip, and the strip near the site is in the report', () => {
    const truth = overlaps.sites['site-crossing-hsr'];
    for (const railClass of ['other', 'village'] as const) {
      const report = reviewSite(context, siteOf('site-crossing-hsr'), {}, { railClass });
      const rail = report.conflicts.filter((conflict) => conflict.layer === 'hsr-line');
      expect(rail).toHaveLength(1);
      const want = truth.rail_overlap_m2[railClass];
      expect(Math.abs(measureArea(rail[0].geometry!, { crs: truth.projected_crs }).area_m2 - want) / want, railClass).toBeLessThan(5e-3);
      expect(report.protection_zones[0]?.width_m).toBe(railClass === 'other' ? 20 : 15);
    }
  });

  it('proximity entries carry the closest-point line, as long as PostGIS’s distance', () => {
    for (const name of ['site-in-zone', 'site-marine-ranch']) {
      const truth = overlaps.sites[name];
      const report = reviewSite(context, siteOf(name));
      for (const entry of report.proximity) {
        const want = truth.nearest[entry.layer];
        if (!want || !entry.line) continue;
        const [a, b] = entry.line.coordinates;
        expect(Math.abs(measureDistance(a, b) - want.distance_m), `${name} ${entry.layer}`).toBeLessThan(Math.max(1, want.distance_m * 1e-3));
      }
    }
  });

  it('a layer whose features carry kind: ordinary is a protected line with the other-railway width (15 m, 其他地区)', () => {
    const railways = read('railway.geojson').features.map((feature): Feature => ({ ...feature, properties: { ...feature.properties, kind: 'ordinary' } }));
    const meta = { ...snapshot.layers[0].meta, id: 'test-railways', provenance: { ...snapshot.layers[0].meta.provenance, accuracy: 'digitized' } } as LayerMeta;
    const withRailways = createReviewContext([...snapshot.layers.filter((item) => item.meta.id !== 'test-railways'), { meta, features: { type: 'FeatureCollection', features: railways } }]);
    const report = reviewSite(withRailways, site, {}, { railClass: 'other' });
    const conflict = report.conflicts.find((item) => item.layer === 'test-railways');
    expectArea(conflict?.overlap_m2, expected.line.findings[0].overlap_m2, 'railways kind ordinary');
    expect(conflict?.rule.zh).toContain('其他铁路');
    expect(conflict?.rule.zh).toContain('15 米');
    expect(report.reasons.find((reason) => reason.layer === 'test-railways')?.rule).toBe('protected-line');
    // High-speed: 20 m, a wider overlap.
    const fast = createReviewContext([...snapshot.layers, { meta, features: { type: 'FeatureCollection', features: railways.map((feature) => ({ ...feature, properties: { ...feature.properties, kind: 'high-speed' } })) } }]);
    expect(reviewSite(fast, site, {}, { railClass: 'other' }).conflicts.find((item) => item.layer === 'test-railways')!.overlap_m2).toBeGreaterThan(conflict!.overlap_m2 * 1.2);
  });
});

describe('presets', () => {
  it('recognises 三区三线, 三调 and 用地用海 layers in Chinese and pinyin initials', () => {
    expect(presetRole('永久基本农田.zip', [])).toEqual({ kind: 'prohibited' });
    expect(presetRole('YJJBNTTB.shp', ['BSM', 'DLBM'])).toEqual({ kind: 'prohibited' });
    expect(presetRole('stbhhx.shp', [])).toEqual({ kind: 'prohibited' });
    expect(presetRole('生态保护红线', [])).toEqual({ kind: 'prohibited' });
    expect(presetRole('CZKFBJ.shp', [])).toEqual({ kind: 'inside', severity: 'review' });
    expect(presetRole('城镇开发边界.geojson', [])).toEqual({ kind: 'inside', severity: 'review' });
    expect(presetRole('DLTB.shp', ['BSM', 'DLBM', 'DLMC'])).toEqual({ kind: 'classes', field: 'DLBM', review: ['01'] });
    expect(presetRole('地类图斑', ['地类编码'])).toEqual({ kind: 'classes', field: '地类编码', review: ['01'] });
    expect(presetRole('ZXCQGHYDYH.shp', ['YDYHFLDM', 'YDYHFLMC'])).toEqual({ kind: 'classes', field: 'YDYHFLDM', review: ['01'] });
    expect(presetRole('青荣城际铁路.kml', [])).toEqual({ kind: 'line', widthM: 20, severity: 'blocker' });
    expect(presetRole('桃威铁路.geojson', [])).toEqual({ kind: 'line', widthM: 15, severity: 'blocker' });
    expect(presetRole('乳山开发区四至.shp', ['name', 'ZDCY'])).toEqual({ kind: 'zone', industryField: 'ZDCY' });
    expect(presetRole('学校.csv', ['name'])).toEqual({ kind: 'proximity' });
  });

  it('names a layer whose file is only a database code by what it holds, keeping the code', () => {
    expect(defaultLayerName('YJJBNTBHTB')).toBe('永久基本农田（YJJBNTBHTB）');
    expect(defaultLayerName('yjjbnt_tb')).toBe('永久基本农田（yjjbnt_tb）');
    expect(defaultLayerName('STBHHX')).toBe('生态保护红线（STBHHX）');
    expect(defaultLayerName('CZKFBJ')).toBe('城镇开发边界（CZKFBJ）');
    expect(defaultLayerName('DLTB')).toBe('地类图斑（DLTB）');
    // The longer code is not read as the shorter one inside it.
    expect(defaultLayerName('ZXCQGHYDYH')).toBe('中心城区规划用地用海（ZXCQGHYDYH）');
    expect(defaultLayerName('GHYDYH')).toBe('规划用地用海（GHYDYH）');
    // Names a person wrote, and codes not known here, stay as they are.
    expect(defaultLayerName('乳山永久基本农田')).toBe('乳山永久基本农田');
    expect(defaultLayerName('YJJBNT 乳山')).toBe('YJJBNT 乳山');
    expect(defaultLayerName('parcels-4528')).toBe('parcels-4528');
    expect(defaultLayerName('XZQ')).toBe('XZQ');
    // The app and the review CLI take the stem the same way, a double extension included.
    expect(defaultLayerName(layerFileStem('C:\\图层\\YJJBNTBHTB.shp.zip'))).toBe('永久基本农田（YJJBNTBHTB）');
    expect(layerFileStem('data/STBHHX.geojson')).toBe('STBHHX');
    expect(layerFileStem('乳山用地.csv')).toBe('乳山用地');
    // The name it gives still starts the layer in the same role.
    expect(presetRole(defaultLayerName('DLTB'), ['BSM', 'DLBM'])).toEqual(presetRole('DLTB.shp', ['BSM', 'DLBM']));
    expect(presetRole(defaultLayerName('CZKFBJ'), [])).toEqual({ kind: 'inside', severity: 'review' });
  });

  it('names findings by a name field before a national-layout number, and never by the 标识码 BSM', () => {
    // 三调 DLTB and 永久基本农田: the 图斑编号 (the farmland patch number before the source patch's).
    expect(autoNameField(['BSM', 'YSDM', 'TBBH', 'DLBM', 'DLMC', 'ZLDWMC'])).toBe('TBBH');
    expect(autoNameField(['BSM', 'TBBH', 'YJJBNTTBBH', 'ZLDWMC'])).toBe('YJJBNTTBBH');
    // A name (MC, 规划分区名称, 项目名称) before any number; lower-case fields as a server gives them.
    expect(autoNameField(['BSM', 'ghfqdm', 'ghfqmc', 'TBBH'])).toBe('ghfqmc');
    expect(autoNameField(['bsm', 'mc', 'mj'])).toBe('mc');
    // A field the shared name rule knows wins, unless it is only an id or a CAD layer.
    expect(autoNameField(['BSM', 'TBBH', 'name'])).toBe('name');
    expect(autoNameField(['BSM', 'TBBH', '地块编号', 'name'])).toBe('地块编号');
    expect(autoNameField(['id', 'TBBH'])).toBe('TBBH');
    expect(autoNameField(['id', 'area'])).toBe('id');
    expect(autoNameField(['BSM', 'DLBM', 'TBMJ'])).toBeUndefined();
    expect(placeFieldOf(['BSM', 'ZLDWDM', 'ZLDWMC'])).toBe('ZLDWMC');
    expect(placeFieldOf(['BSM', '坐落单位名称'])).toBe('坐落单位名称');
    expect(placeFieldOf(['BSM', 'XZQMC'])).toBeUndefined();
  });

  it('names class codes of 三调 and 用地用海 only when known', () => {
    expect(classNameFor('DLBM', '0102')?.zh).toBe('水浇地');
    expect(classNameFor('YDYHFLDM', '1001')?.zh).toBe('工矿用地');
    expect(classNameFor('DLBM', '05H1')?.zh).toBe('商业服务业用地');
    expect(classNameFor('YDYHFLDM', '99')).toBeNull();
    expect(classNameFor('LANDUSE', '01')).toBeNull();
  });
});

describe('clip.ts (areas by arithmetic)', () => {
  const square = (x: number, y: number, size: number): Position[][] => [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]];
  it('intersects, unites and subtracts planar polygons', () => {
    expect(polygonsArea(intersectPlanar([square(0, 0, 10)], [square(5, 5, 10)]))).toBeCloseTo(25, 9);
    expect(polygonsArea(unionPlanar([[square(0, 0, 10)], [square(5, 5, 10)]]))).toBeCloseTo(175, 9);
    expect(polygonsArea(differencePlanar([square(0, 0, 10)], [square(5, 5, 10)]))).toBeCloseTo(75, 9);
    expect(differencePlanar([square(0, 0, 10)], [])).toEqual([square(0, 0, 10)]);
    expect(intersectPlanar([square(0, 0, 1)], [square(5, 5, 1)])).toEqual([]);
  });

  it('clips to a convex site (Sutherland–Hodgman path) with the areas of the sweep line, holes and concave shapes included', () => {
    // A U shape (concave, 10×10 minus a 4×6 notch from the top) with a 1×1 hole, against the square [2,12]×[2,12].
    const u: Position[][] = [[[0, 0], [10, 0], [10, 10], [7, 10], [7, 4], [3, 4], [3, 10], [0, 10], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]];
    const site = [square(2, 2, 10)];
    // By arithmetic: [2,10]×[2,10] = 64, minus the notch [3,7]×[4,10] = 24 → 40; the hole lies outside.
    expect(polygonsArea(intersectPlanar(site, [u]))).toBeCloseTo(40, 9);
    expect(polygonsArea(intersectPlanar([u], site))).toBeCloseTo(40, 9);
    // Hole inside the clip: [0,10]² U against the square [0.5,10]×[0.5,10]: 9.5² − 24 − 1 = 65.25.
    expect(polygonsArea(intersectPlanar([[[[0.5, 0.5], [10, 0.5], [10, 10], [0.5, 10], [0.5, 0.5]]]], [u]))).toBeCloseTo(65.25, 9);
    // The sweep line (neither side convex) agrees.
    const notched: Position[][] = [[[2, 2], [12, 2], [12, 12], [8, 12], [8, 11], [6, 11], [6, 12], [2, 12], [2, 2]]];
    expect(polygonsArea(intersectPlanar([notched], [u]))).toBeCloseTo(40, 9);
    // Clockwise convex rings are accepted too.
    expect(polygonsArea(intersectPlanar([[[[2, 2], [2, 12], [12, 12], [12, 2], [2, 2]]]], [u]))).toBeCloseTo(40, 9);
  });
});
