/**
 * Siting review against PostGIS: areas, overlaps, protection-zone overlaps, nearest features
 * and district come from tests/fixtures/expected/review-overlaps.json, produced by
 * scripts/expected/make-review-fixtures.sh (PostGIS ST_Intersection / ST_Buffer /
 * geography ST_Distance) on the shipped layers/.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readAuthoredLayers } from '../../scripts/lib/atlas-layers';
import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import {
  createReviewContext,
  reviewSite,
  SiteReviewError,
  type ReviewLayer,
  type SiteReport,
} from '../../src/analysis/siting-review';
import { railProtectionZone, HIGH_SPEED_RAIL_PROTECTION_WIDTH_M, RAIL_AREA_CLASSES } from '../../src/analysis/protection-zone';
import { buildIndex, candidates, scanPositions } from '../../src/analysis/spatial-index';
import { projectGeometry } from '../../src/crs/projections';
import type { LayerMeta } from '../../src/data/catalog-types';
import { prepareParcels } from '../../src/analysis/land-use-intensity';
import { importFile } from '../../src/io/registry';

const FIXTURES = path.resolve(__dirname, '../fixtures');
// The shipped layers, which the PostGIS fixture also reads (scripts/expected/make-review-fixtures.sh).
const snapshot = { layers: (await readAuthoredLayers()) as ReviewLayer[] };
const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected/review-overlaps.json'), 'utf8')) as {
  sites: Record<
    string,
    {
      file: string;
      id: string;
      projected_crs: string;
      area_m2: number;
      area_m2_ellipsoidal: number;
      centroid: [number, number];
      district_id: string | null;
      overlaps: { layer: string; id: string; overlap_m2: number }[];
      other_sites: { id: string; overlap_m2: number }[];
      rail_line_id: string;
      rail_lines?: { layer: string; id: string; kind: 'high-speed' | 'ordinary'; overlap_m2: Record<string, number> }[];
      rail_overlap_m2: Record<string, number>;
      nearest: Record<string, { id: string; distance_m: number }>;
    }
  >;
};

const context = createReviewContext(snapshot.layers);

function siteFile(file: string): FeatureCollection {
  return JSON.parse(readFileSync(path.join(FIXTURES, 'review', file), 'utf8')) as FeatureCollection;
}

function relativeError(actual: number, wanted: number): number {
  return Math.abs(actual - wanted) / Math.abs(wanted);
}

/** Largest relative overlap error seen, printed at the end for the report. */
let maxOverlapError = 0;
function expectWithin(actual: number, wanted: number, tolerance = 0.001): void {
  if (wanted === 0) {
    expect(actual).toBe(0);
    return;
  }
  const error = relativeError(actual, wanted);
  maxOverlapError = Math.max(maxOverlapError, error);
  expect(error, `${actual} vs PostGIS ${wanted}`).toBeLessThan(tolerance);
}

const siteKeys = Object.keys(expected.sites);

describe('siting review matches PostGIS', () => {
  it('has the four kinds of test site', () => {
    expect(siteKeys).toEqual(
      expect.arrayContaining(['site-in-zone', 'site-marine-ranch', 'site-crossing-hsr', 'site-open-country']),
    );
  });

  for (const key of siteKeys) {
    const wanted = expected.sites[key];
    const features = siteFile(wanted.file).features;
    const site = features.find((feature) => feature.properties?.id === wanted.id) as Feature;
    const others = features.filter((feature) => feature !== site);

    describe(key, () => {
      const report = reviewSite(context, site, {}, { otherSites: others });

      it('measures the site like PostGIS (planar GK zone and geography)', () => {
        expect(report.site.projected_crs).toBe(wanted.projected_crs);
        expectWithin(report.site.area_m2, wanted.area_m2, 1e-6);
        expectWithin(report.site.area_m2_ellipsoidal, wanted.area_m2_ellipsoidal, 1e-5);
        expect(report.site.centroid[0]).toBeCloseTo(wanted.centroid[0], 6);
        expect(report.site.centroid[1]).toBeCloseTo(wanted.centroid[1], 6);
        expect(report.site.district?.id ?? null).toBe(wanted.district_id);
      });

      it('finds the same zones and marine-ranch overlaps, areas within 0.1 %', () => {
        const found = [
          ...report.zones.map((zone) => ({ layer: zone.layer, id: zone.id, overlap_m2: zone.overlap_m2 })),
          ...report.conflicts
            .filter((conflict) => conflict.layer === 'marine-ranch')
            .map((conflict) => ({ layer: conflict.layer, id: conflict.id, overlap_m2: conflict.overlap_m2 })),
        ].sort((a, b) => (a.layer + a.id).localeCompare(b.layer + b.id));
        const want = [...wanted.overlaps].sort((a, b) => (a.layer + a.id).localeCompare(b.layer + b.id));
        expect(found.map((item) => `${item.layer}/${item.id}`)).toEqual(want.map((item) => `${item.layer}/${item.id}`));
        found.forEach((item, index) => expectWithin(item.overlap_m2, want[index].overlap_m2));
        for (const zone of report.zones) {
          expect(zone.overlap_pct).toBeCloseTo((100 * zone.overlap_m2) / report.site.area_m2, 2);
        }
      });

      it('finds the same overlaps with the other sites under review', () => {
        const found = report.conflicts.filter((conflict) => conflict.layer === 'sites-under-review');
        expect(found.map((conflict) => conflict.id).sort()).toEqual(wanted.other_sites.map((other) => other.id).sort());
        for (const other of wanted.other_sites) {
          const conflict = found.find((item) => item.id === other.id) as SiteReport['conflicts'][number];
          expectWithin(conflict.overlap_m2, other.overlap_m2);
          expect(conflict.severity).toBe('review');
        }
      });

      for (const railClass of RAIL_AREA_CLASSES) {
        it(`overlaps every railway protection zone (Art. 27, ${railClass}: high-speed ${HIGH_SPEED_RAIL_PROTECTION_WIDTH_M[railClass]} m) as ST_Buffer does`, () => {
          const classReport = reviewSite(context, site, {}, { railClass, otherSites: others });
          // hsr-line and every layer whose features carry kind high-speed / ordinary (railways).
          const rail = classReport.conflicts.filter((conflict) => conflict.rule.zh.includes('第二十七条'));
          const want = (wanted.rail_lines ?? []).filter((line) => line.overlap_m2[railClass] > 0);
          expect(rail.map((conflict) => `${conflict.layer}/${conflict.id}`).sort()).toEqual(want.map((line) => `${line.layer}/${line.id}`).sort());
          for (const line of want) {
            const conflict = rail.find((item) => item.layer === line.layer && item.id === line.id)!;
            expect(conflict.severity).toBe('blocker');
            expect(conflict.rule.zh).toContain(line.kind === 'high-speed' ? '高速铁路' : '其他铁路');
            expectWithin(conflict.overlap_m2, line.overlap_m2[railClass]);
          }
        });
      }

      it('reports the nearest station, port, bridge, expressway and town (geodesic, within 0.1 % or 1 m)', () => {
        for (const [layer, nearest] of Object.entries(wanted.nearest)) {
          const found = report.proximity.find((item) => item.layer === layer);
          expect(found, layer).toBeDefined();
          expect(found?.id).toBe(nearest.id);
          const tolerance = Math.max(1, nearest.distance_m * 0.001);
          expect(Math.abs((found?.distance_m ?? NaN) - nearest.distance_m), `${layer}: ${found?.distance_m} vs ${nearest.distance_m}`).toBeLessThan(tolerance);
        }
      });

      it('gives the same answer with and without the spatial index', () => {
        const { candidates_tested: _naiveCount, ...naive } = reviewSite(context, site, {}, { otherSites: others, useIndex: false });
        const { candidates_tested: _indexedCount, ...indexed } = report;
        expect(naive).toEqual(indexed);
      });
    });
  }

  it('stays within 0.1 % of PostGIS overall', () => {
    expect(maxOverlapError).toBeLessThan(0.001);
    console.info(`max relative overlap/area error vs PostGIS: ${maxOverlapError.toExponential(2)}`);
  });
});

describe('verdicts', () => {
  const single = (file: string) => siteFile(file).features[0];

  it('marine ranch overlap → non-compliant (blocker)', () => {
    const report = reviewSite(context, single('site-marine-ranch.geojson'));
    expect(report.verdict).toBe('non-compliant');
    expect(report.reasons.find((reason) => reason.code === 'marine-ranch')?.severity).toBe('blocker');
  });

  it('crossing the 莱荣高铁 → non-compliant, the rule cites Art. 27 and says the zone is a minimum', () => {
    const report = reviewSite(context, single('site-crossing-hsr.geojson'), {}, { railClass: 'village' });
    expect(report.verdict).toBe('non-compliant');
    const conflict = report.conflicts.find((item) => item.layer === 'hsr-line');
    expect(conflict?.rule.zh).toContain('第二十七条');
    expect(conflict?.rule.zh).toContain('15 米');
    expect(conflict?.rule.en).toContain('minimum');
  });

  it('open country → needs-review (outside every zone)', () => {
    const report = reviewSite(context, single('site-open-country.geojson'));
    expect(report.zones).toEqual([]);
    expect(report.verdict).toBe('needs-review');
    expect(report.reasons.map((reason) => reason.code)).toContain('outside-zones');
  });

  it('inside the 乳山经济开发区 with a fitting industry and good indicators → compliant', () => {
    // 37 交通运输设备制造业 → equipment; the new-energy vehicle park leads with equipment.
    const report = reviewSite(context, single('site-in-zone.geojson'), { industryCode: '37', coverage: 0.45, officeShare: 0.05, greenRatio: 0.15 });
    expect(report.zone_coverage_pct).toBeCloseTo(100, 3);
    expect(report.industry?.status).toBe('fit');
    expect(report.industry?.matched_zones).toContain('rushan-new-energy-vehicle-park');
    expect(report.verdict).toBe('compliant');
    expect(report.reasons.every((reason) => reason.severity === 'info')).toBe(true);
  });

  it('a FAR for an industry whose minimum this atlas has not verified (34–43) needs a person: needs-review, not compliant', () => {
    // 37 交通运输设备 fits the park; its minimum FAR (2008 table) was not verified (REFERENCE.md).
    const good = { industryCode: '37', coverage: 0.45, officeShare: 0.05, greenRatio: 0.15 };
    const report = reviewSite(context, single('site-in-zone.geojson'), { ...good, far: 1.2 });
    expect(report.verdict).toBe('needs-review');
    const reason = report.reasons.find((item) => item.code === 'control:floor-area-ratio');
    expect(reason?.severity).toBe('review');
    expect(reason?.zh).toMatch(/大类 37 没有经核实的最低容积率.*人工核对/);
    expect(reason?.en).toMatch(/division 37.*check it by hand/);
    // A verified minimum met, or no industry code at all, stays information.
    const verified = reviewSite(context, single('site-in-zone.geojson'), { ...good, industryCode: '27', far: 1.2 }); // 27: ≥ 0.7, met
    expect(verified.reasons.some((item) => item.code === 'control:floor-area-ratio')).toBe(false);
    const noCode = reviewSite(context, single('site-in-zone.geojson'), { coverage: 0.45, far: 1.2 });
    expect(noCode.reasons.find((item) => item.code === 'control:floor-area-ratio')?.severity).toBe('info');
    // Outside manufacturing (58 仓储) the table sets no minimum: nothing to check by hand.
    const storage = reviewSite(context, single('site-in-zone.geojson'), { ...good, industryCode: '58', far: 1.2 });
    const storageReason = storage.reasons.find((item) => item.code === 'control:floor-area-ratio');
    expect(storageReason?.severity).toBe('info');
    expect(storageReason?.en).toMatch(/not manufacturing/);
  });

  it('same site, industry not among the leading ones → needs-review', () => {
    const report = reviewSite(context, single('site-in-zone.geojson'), { industryCode: '27' });
    expect(report.industry?.status).toBe('mismatch');
    expect(report.verdict).toBe('needs-review');
    // The reason names the edition the code is read in (a 2017 code reaches the engine as its 2002 division).
    const reason = report.reasons.find((item) => item.code === 'industry-mismatch');
    expect(reason?.zh).toMatch(/^GB\/T 4754-2002 行业 27（/);
    expect(reason?.en).toMatch(/^Industry 27 \(GB\/T 4754-2002; /);
  });

  it('same site, FAR below the minimum for its code → needs-review with the failed indicator', () => {
    const report = reviewSite(context, single('site-in-zone.geojson'), { industryCode: '37', far: 0.3, coverage: 0.2 });
    expect(report.verdict).toBe('needs-review');
    expect(report.controls.find((check) => check.indicator === 'building-coverage')?.ok).toBe(false);
    expect(report.reasons.map((reason) => reason.code)).toContain('control:building-coverage');
    // 37 has no verified minimum FAR: reported, not failed.
    expect(report.controls.find((check) => check.indicator === 'floor-area-ratio')?.ok).toBeNull();
  });

  it('an unmapped industry code is "not assessed", not a mismatch', () => {
    const report = reviewSite(context, single('site-in-zone.geojson'), { industryCode: '25' });
    expect(report.industry?.status).toBe('not-assessed');
    expect(report.verdict).toBe('compliant');
  });

  it('two overlapping sites in one review flag each other for review', () => {
    const [first, second] = siteFile('sites-two-overlapping.geojson').features;
    const report = reviewSite(context, first, {}, { otherSites: [second] });
    expect(report.conflicts.map((conflict) => conflict.layer)).toContain('sites-under-review');
    expect(report.verdict).toBe('needs-review');
  });
});

describe('point sites and bad sites', () => {
  it('reviews a point with an area as a circle of exactly that area', () => {
    const point: Feature = { type: 'Feature', properties: { name: 'p' }, geometry: { type: 'Point', coordinates: [121.55, 36.9] } };
    const area = 100 * (10000 / 15); // 100 亩
    const report = reviewSite(context, point, {}, { siteAreaM2: area });
    expect(relativeError(report.site.area_m2, area)).toBeLessThan(1e-6);
    expect(report.site.area_mu).toBeCloseTo(100, 2);
    expect(report.zones.map((zone) => zone.id)).toContain('rushan-economic-development-zone');
  });

  it('refuses a point without an area and a line, with zh and en text', () => {
    const point: Feature = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [121.55, 36.9] } };
    expect(() => reviewSite(context, point)).toThrow(SiteReviewError);
    const line: Feature = { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[121.5, 36.9], [121.6, 36.9]] } };
    try {
      reviewSite(context, line);
      expect.unreachable();
    } catch (error) {
      expect((error as SiteReviewError).text.zh).toMatch(/面/);
      expect((error as SiteReviewError).text.en).toMatch(/polygon/);
    }
  });
});

describe('protection zone buffer', () => {
  it('a straight 1 km line buffered by 20 m has the area of a 32-gon-capped strip (2wL + 32/2·w²·sin(2π/32))', () => {
    const line = { type: 'LineString' as const, coordinates: [[121.3, 36.8], [121.3112, 36.8]] };
    const zone = railProtectionZone(line, 'other', { crs: 'EPSG:4528' });
    expect(zone?.properties.width_m).toBe(20);
    const projectedLine = projectGeometry(line, 'EPSG:4528').coordinates;
    const length = Math.hypot(projectedLine[1][0] - projectedLine[0][0], projectedLine[1][1] - projectedLine[0][1]);
    const polygon = projectGeometry(zone?.geometry as Polygon, 'EPSG:4528');
    const ring = polygon.coordinates[0];
    let twice = 0;
    for (let index = 0; index + 1 < ring.length; index += 1) {
      twice += (ring[index][0] - ring[0][0]) * (ring[index + 1][1] - ring[0][1]) - (ring[index + 1][0] - ring[0][0]) * (ring[index][1] - ring[0][1]);
    }
    const wanted = 2 * 20 * length + 16 * 20 * 20 * Math.sin((2 * Math.PI) / 32);
    expect(relativeError(Math.abs(twice / 2), wanted)).toBeLessThan(1e-4);
  });
});

describe('spatial index keeps the cost proportional to the candidates', () => {
  // 40 000 small square "parcels" on a regular grid over Rushan (0.0025° cells).
  const parcels: Feature[] = [];
  for (let row = 0; row < 200; row += 1) {
    for (let column = 0; column < 200; column += 1) {
      const west = 121.3 + column * 0.0025;
      const south = 36.75 + row * 0.0025;
      parcels.push({
        type: 'Feature',
        properties: { id: `p-${row}-${column}`, name_zh: `宗地${row}-${column}`, name_en: `parcel ${row}-${column}` },
        geometry: { type: 'Polygon', coordinates: [[[west, south], [west + 0.002, south], [west + 0.002, south + 0.002], [west, south + 0.002], [west, south]]] },
      });
    }
  }
  const parcelMeta = { ...snapshot.layers[0].meta, id: 'sample-parcels' } as LayerMeta;
  const withParcels = createReviewContext([...snapshot.layers, { meta: parcelMeta, features: { type: 'FeatureCollection', features: parcels } }]);
  const site = siteFile('site-in-zone.geojson').features[0];

  it('index candidates equal the bbox scan, and are a tiny share of the layer', () => {
    const index = buildIndex(parcels);
    const box: [number, number, number, number] = [121.5455, 36.8935, 121.5575, 36.904];
    const viaIndex = candidates(index, box).map((feature) => feature.properties?.id);
    const viaScan = scanPositions(index, box).map((position) => parcels[position].properties?.id);
    expect(viaIndex).toEqual(viaScan);
    expect(viaIndex.length).toBeGreaterThan(0);
    expect(viaIndex.length).toBeLessThan(parcels.length / 100);
  });

  it('a review tests only the candidate parcels, and parcel overlaps are review conflicts', () => {
    const base = reviewSite(context, site);
    const report = reviewSite(withParcels, site);
    const parcelConflicts = report.conflicts.filter((conflict) => conflict.layer === 'sample-parcels');
    expect(parcelConflicts.length).toBeGreaterThan(0);
    expect(parcelConflicts.every((conflict) => conflict.severity === 'review')).toBe(true);
    const touched = scanPositions(buildIndex(parcels), [121.5455, 36.8935, 121.5575, 36.904]).length;
    expect(report.candidates_tested - base.candidates_tested).toBeLessThanOrEqual(touched);
    const { candidates_tested: _naiveCount, ...naive } = reviewSite(withParcels, site, {}, { useIndex: false });
    const { candidates_tested: _indexedCount, ...indexed } = report;
    expect(naive).toEqual(indexed);
  });
});

describe('names, point sites and ids (code review findings 7, 8, 22)', () => {
  it('a boundary-table (CSV) site is named by its parcel number (地块编号 column)', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(FIXTURES, 'import/boundary-points-zh.csv')));
    const imported = await importFile(bytes, { fileName: 'boundary-points-zh.csv' });
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    const [first, second] = imported.value.features.features;
    const report = reviewSite(context, first, {}, { otherSites: [second] });
    expect(report.site.name).toBe('RS-A-01');
    expect(reviewSite(context, second).site.name).toBe('RS-B-02');
  });

  const centre: [number, number] = [121.55, 36.9];
  const site: Feature = { type: 'Feature', properties: { name: 'site' }, geometry: { type: 'Point', coordinates: centre } };
  const siteArea = 100 * (10000 / 15); // 100 亩, a circle of radius ≈ 146 m

  it('another point site counts with its own site_area_m2, not the area of the site under review', () => {
    const small: Feature = { type: 'Feature', properties: { name: 'small', site_area_m2: 1000 }, geometry: { type: 'Point', coordinates: centre } };
    const report = reviewSite(context, site, {}, { siteAreaM2: siteArea, otherSites: [small] });
    const conflict = report.conflicts.find((item) => item.layer === 'sites-under-review');
    // The 1 000 m² circle lies wholly inside the 66 667 m² one: the overlap is its own area.
    expect(conflict?.overlap_m2).toBeCloseTo(1000, 0);
    expect(conflict?.name.zh).toBe('small');
  });

  it('another point site without an area is skipped, not given the area of the site under review', () => {
    const bare: Feature = { type: 'Feature', properties: { name: 'bare' }, geometry: { type: 'Point', coordinates: centre } };
    const report = reviewSite(context, site, {}, { siteAreaM2: siteArea, otherSites: [bare] });
    expect(report.conflicts.filter((item) => item.layer === 'sites-under-review')).toEqual([]);
  });

  it('a point site may carry its own area as site_area_m2', () => {
    const own: Feature = { type: 'Feature', properties: { site_area_m2: String(siteArea) }, geometry: { type: 'Point', coordinates: centre } };
    expect(relativeError(reviewSite(context, own).site.area_m2, siteArea)).toBeLessThan(1e-6);
  });

  it('the review and the land-use-intensity engine give a feature the same id (properties.id, then feature.id)', () => {
    const square: Polygon = { type: 'Polygon', coordinates: [[[121.548, 36.898], [121.552, 36.898], [121.552, 36.902], [121.548, 36.902], [121.548, 36.898]]] };
    const parcel: Feature = { type: 'Feature', id: 9, properties: { id: 'P-1', land_use: 'no-such-use', status: 'built' }, geometry: square };
    const prepared = prepareParcels({ type: 'FeatureCollection', features: [parcel] });
    expect(prepared.ok).toBe(false);
    const problemId = prepared.ok ? undefined : prepared.problems[0].id;
    const meta = { ...snapshot.layers[0].meta, id: 'user-parcels' } as LayerMeta;
    const withParcel = createReviewContext([...snapshot.layers, { meta, features: { type: 'FeatureCollection', features: [parcel] } }]);
    const conflict = reviewSite(withParcel, site, {}, { siteAreaM2: siteArea }).conflicts.find((item) => item.layer === 'user-parcels');
    expect(conflict?.id).toBe('P-1');
    expect(problemId).toBe('P-1');
  });
});
