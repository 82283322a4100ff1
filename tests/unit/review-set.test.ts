/**
 * The review set file (src/data/review-set.ts) and the record model it carries
 * (src/data/review-records.ts): lossless round trip — unicode, HTML-looking notes, numbers,
 * history, timestamps, MultiPolygons with holes — and one clear bilingual error, naming the
 * feature and the field, for each kind of bad input, with nothing imported.
 *
 * The records are written out by hand here; the round trip compares them with themselves.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  changeStatus,
  createRecord,
  editRecord,
  newRecordId,
  validateRecord,
  type ReviewRecord,
} from '../../src/records/review-records';
import { reviewInputs } from '../../src/records/engine-proposal';
import {
  parseReviewSet,
  REVIEW_SET_FORMAT,
  reviewSetFromGeoJSON,
  reviewSetToGeoJSON,
  serializeReviewSet,
  type ReviewSetError,
} from '../../src/records/review-set';

const SQUARE: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [121.546, 36.894],
      [121.556, 36.8935],
      [121.5575, 36.901],
      [121.551, 36.904],
      [121.546, 36.894],
    ],
  ],
};

const WITH_HOLE_AND_HEIGHT: MultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [121.47, 36.9, 12.5],
        [121.4705, 36.8955, 12.5],
        [121.4765, 36.896, 13],
        [121.476, 36.9005, 13],
        [121.47, 36.9, 12.5],
      ],
      [
        [121.472, 36.898, 12.5],
        [121.473, 36.898, 12.5],
        [121.473, 36.899, 12.5],
        [121.472, 36.898, 12.5],
      ],
    ],
    [
      [
        [121.6012345678901, 36.91234567890123],
        [121.602, 36.912],
        [121.602, 36.913],
        [121.6012345678901, 36.91234567890123],
      ],
    ],
  ],
};

/** Every field used, awkward values on purpose. */
const FULL: ReviewRecord = {
  id: '7d9c2f4e-0b1a-4c3d-9e8f-123456789abc',
  name: '乳山经开区新能源装备项目（二期）🏭 — «Ŝpecial» ﬁ',
  applicant: '威海某某新能源科技有限公司 & Partners "Ltd"',
  caseNumber: '乳自然资审〔2025〕第 0042 号 <b>',
  status: 'returned',
  notes: '<script>alert("x")</script>\n<b>加粗</b> &amp; &lt;tag&gt; — 请补充 <a href="javascript:void(0)">链接</a>\t\u200b零宽 \uD800 lone surrogate',
  reviewer: '张工 (Zhang)',
  createdAt: '2025-03-01T08:30:00.000Z',
  updatedAt: '2025-03-04T17:05:09.123+08:00',
  decidedAt: '2025-03-04T17:05:09.123+08:00',
  history: [
    { at: '2025-03-01T08:30:00.000Z', status: 'pending', reviewer: '', note: '' },
    { at: '2025-03-02T09:00:00Z', status: 'approved', reviewer: '李审', note: '初审通过' },
    { at: '2025-03-03T10:00:00.5+08:00', status: 'pending', reviewer: '李审', note: '撤回：发现与宗地重叠 <overlap>' },
    { at: '2025-03-04T17:05:09.123+08:00', status: 'returned', reviewer: '张工 (Zhang)', note: '退回补正：容积率 1.2 < 1.5' },
  ],
  site: {
    type: 'Feature',
    id: 42,
    properties: {
      地块编号: 'RS-A-01',
      area_mu: 1234.5678901234567,
      tiny: 1e-300,
      huge: 1.7976931348623157e308,
      negative: -0.000001,
      nested: { list: [1, 'two', null, true, { deep: '深' }] },
      empty: '',
      nothing: null,
    },
    geometry: WITH_HOLE_AND_HEIGHT,
  },
  source: { fileName: '界址点 坐标表（最终版）.csv', format: 'csv', crs: 'EPSG:4528', crsDetected: true, axisSwapped: true },
  proposal: {
    industryCode: 'C3612',
    far: 1.2,
    coverage: 0.30000000000000004,
    officeShare: 0.07,
    greenRatio: 0.15,
    investmentIntensity: 4500.123456789,
    railClass: 'village',
  },
  lastVerdict: { verdict: 'needs-review', at: '2025-03-04T17:05:00.000Z' },
  revision: 7,
  decision: {
    status: 'returned',
    at: '2025-03-04T17:05:09.123+08:00',
    by: '张工 (Zhang)',
    verdict: 'needs-review',
    report: { verdict: 'needs-review', conflicts: [{ layer: 'parcels', id: '7', overlap_m2: 1234.5 }], note: '<b>x</b>' },
    engine: { version: '0.1.0', rulesHash: '' },
  },
};

/** Only the required fields. */
const MINIMAL: ReviewRecord = {
  id: 'a',
  name: '',
  applicant: '',
  status: 'pending',
  notes: '',
  reviewer: '',
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
  history: [],
  site: { type: 'Feature', properties: null, geometry: SQUARE },
  source: { crs: 'EPSG:4490', crsDetected: false, axisSwapped: false },
  proposal: {},
  revision: 0,
};

function records(): ReviewRecord[] {
  const { history, site, source, proposal, revision, ...head } = structuredClone(MINIMAL);
  // Members in the model's order (decidedAt after updatedAt), as validateRecord writes them.
  const decided: ReviewRecord = { ...head, id: 'b', status: 'approved', decidedAt: '2025-02-01T00:00:00Z', history, site, source, proposal, revision };
  return [structuredClone(FULL), structuredClone(MINIMAL), decided];
}

function errorOf(input: unknown): ReviewSetError {
  const result = reviewSetFromGeoJSON(input);
  expect(result.ok, 'should be refused').toBe(false);
  if (result.ok) throw new Error('accepted');
  expect('value' in result).toBe(false);
  expect(result.error.message.zh.length).toBeGreaterThan(0);
  expect(result.error.message.en.length).toBeGreaterThan(0);
  expect(result.error.hint.zh.length).toBeGreaterThan(0);
  expect(result.error.hint.en.length).toBeGreaterThan(0);
  return result.error;
}

/** A valid file (as parsed JSON) with one change made to it. */
function fileWith(change: (file: ReturnType<typeof fileJson>) => void) {
  const file = fileJson();
  change(file);
  return file;
}

function fileJson() {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return JSON.parse(serializeReviewSet(records())) as any;
}

describe('round trip', () => {
  it('the records are valid as written (canonical already)', () => {
    for (const record of records()) {
      const checked = validateRecord(record);
      expect(checked.ok && checked.value).toEqual(record);
    }
  });

  it('object → GeoJSON → object is deep-equal', () => {
    const back = reviewSetFromGeoJSON(reviewSetToGeoJSON(records()));
    expect(back).toEqual({ ok: true, value: records() });
  });

  it('through the file text (JSON.stringify / JSON.parse) is deep-equal, strings byte for byte', () => {
    const text = serializeReviewSet(records());
    const back = parseReviewSet(text);
    expect(back).toEqual({ ok: true, value: records() });
    if (!back.ok) return;
    expect(back.value[0].notes).toBe(FULL.notes);
    expect(back.value[0].notes.length).toBe(FULL.notes.length);
    expect(back.value[0].site.properties?.huge).toBe(Number.MAX_VALUE);
    expect(back.value[0].proposal.coverage).toBe(0.1 + 0.2);
    // Twice round is the same text: nothing drifts, not even the order of members.
    expect(serializeReviewSet(back.value)).toBe(text);
    const again = parseReviewSet(serializeReviewSet(back.value));
    expect(again.ok && serializeReviewSet(again.value)).toBe(text);
  });

  it('the file is a GeoJSON FeatureCollection with the format marker; the record sits in properties, the site as geometry', () => {
    const collection = reviewSetToGeoJSON(records());
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.format).toBe(REVIEW_SET_FORMAT);
    expect(collection.version).toBe(1);
    expect(collection.features).toHaveLength(3);
    const first = collection.features[0];
    expect(first.id).toBe(FULL.id);
    expect(first.geometry).toEqual(WITH_HOLE_AND_HEIGHT);
    expect(first.properties.status).toBe('returned');
    expect(first.properties.history).toHaveLength(4);
    expect(first.properties.siteProperties).toEqual(FULL.site.properties);
    expect(first.properties.siteId).toBe(42);
    expect('site' in first.properties).toBe(false);
  });

  it('an empty set round-trips', () => {
    expect(parseReviewSet(serializeReviewSet([]))).toEqual({ ok: true, value: [] });
  });

  it('a UTF-8 byte-order mark in front of the file is accepted', () => {
    expect(parseReviewSet(`\uFEFF${serializeReviewSet([MINIMAL])}`)).toEqual({ ok: true, value: [MINIMAL] });
  });

  it('canonical form: -0 becomes 0, undefined members are dropped, unknown fields are left out', () => {
    const messy = {
      ...structuredClone(MINIMAL),
      decidedAt: undefined,
      extra: 'not part of the model',
      proposal: { far: -0, coverage: undefined },
      site: { type: 'Feature', properties: { keep: 1, drop: undefined }, geometry: SQUARE, bbox: [0, 0, 1, 1] },
    };
    const checked = validateRecord(messy);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(Object.is(checked.value.proposal.far, 0)).toBe(true);
    expect('decidedAt' in checked.value).toBe(false);
    expect('coverage' in checked.value.proposal).toBe(false);
    expect('extra' in checked.value).toBe(false);
    expect(checked.value.site).toEqual({ type: 'Feature', properties: { keep: 1 }, geometry: SQUARE });
    expect(parseReviewSet(serializeReviewSet([checked.value]))).toEqual({ ok: true, value: [checked.value] });
  });
});

describe('record edits', () => {
  const now = new Date('2025-05-06T07:08:09.010Z');

  it('createRecord: pending, a v4 UUID, one history entry, timestamps now', () => {
    const created = createRecord({ site: { type: 'Feature', properties: {}, geometry: SQUARE }, source: MINIMAL.source, name: '项目', reviewer: '王' }, now);
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.value.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.value).toMatchObject({ status: 'pending', name: '项目', createdAt: now.toISOString(), updatedAt: now.toISOString() });
    expect(created.value.history).toEqual([{ at: now.toISOString(), status: 'pending', reviewer: '王', note: '' }]);
  });

  it('createRecord refuses a site that is not a closed polygon, naming the field', () => {
    const open = createRecord({
      site: { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [SQUARE.coordinates[0].slice(0, -1)] } },
      source: MINIMAL.source,
    });
    expect(!open.ok && open.error.field).toBe('site.geometry.coordinates[0]');
    expect(!open.ok && open.error.message.en).toMatch(/not closed/);
    expect(!open.ok && open.error.message.zh).toMatch(/未闭合/);
  });

  it('newRecordId falls back to getRandomValues where randomUUID is missing (plain http)', () => {
    const original = Object.getOwnPropertyDescriptor(crypto, 'randomUUID');
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 50 }, () => newRecordId()));
      expect(ids.size).toBe(50);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      if (original) Object.defineProperty(crypto, 'randomUUID', original);
      else delete (crypto as { randomUUID?: unknown }).randomUUID;
    }
    expect(typeof crypto.randomUUID).toBe('function');
  });

  it('changeStatus appends to the history, sets decidedAt for a decision and removes it back at pending', () => {
    const approved = changeStatus(MINIMAL, 'approved', { reviewer: '李', note: '同意' }, now);
    expect(approved).toMatchObject({ status: 'approved', reviewer: '李', updatedAt: now.toISOString(), decidedAt: now.toISOString() });
    expect(approved.history.at(-1)).toEqual({ at: now.toISOString(), status: 'approved', reviewer: '李', note: '同意' });
    const later = new Date('2025-05-07T00:00:00.000Z');
    const reopened = changeStatus(approved, 'pending', { reviewer: '李' }, later);
    expect('decidedAt' in reopened).toBe(false);
    expect(reopened.history.map((entry) => entry.status)).toEqual(['approved', 'pending']);
    expect(validateRecord(reopened)).toEqual({ ok: true, value: reopened });
    // The input is not changed.
    expect(MINIMAL.history).toEqual([]);
  });

  it('the bureau’s case number: kept as typed, absent in older records (and not added to them), text only', () => {
    const created = createRecord({ site: { type: 'Feature', properties: {}, geometry: SQUARE }, source: MINIMAL.source, caseNumber: '威自然资规〔2026〕8号' }, now);
    expect(created.ok && created.value.caseNumber).toBe('威自然资规〔2026〕8号');
    expect('caseNumber' in MINIMAL).toBe(false);
    const older = validateRecord(MINIMAL);
    expect(older.ok && 'caseNumber' in older.value).toBe(false);
    const edited = editRecord(MINIMAL, { caseNumber: 'A-1' }, now);
    expect(edited.ok && edited.value.caseNumber).toBe('A-1');
    const bad = validateRecord({ ...MINIMAL, caseNumber: 42 });
    expect(!bad.ok && bad.error.field).toBe('caseNumber');
    expect(!bad.ok && bad.error.message.zh).toContain('文号');
  });

  it('editRecord moves updatedAt and validates the change', () => {
    const edited = editRecord(MINIMAL, { notes: '新意见', proposal: { far: 2 } }, now);
    expect(edited.ok && edited.value).toMatchObject({ notes: '新意见', proposal: { far: 2 }, updatedAt: now.toISOString(), createdAt: MINIMAL.createdAt });
    const bad = editRecord(MINIMAL, { proposal: { coverage: 35 } }, now);
    expect(!bad.ok && bad.error.field).toBe('proposal.coverage');
  });

  it('reviewInputs splits the rail area class off the proposal', () => {
    expect(reviewInputs(FULL)).toEqual({
      site: FULL.site,
      proposal: { industryCode: 'C3612', far: 1.2, coverage: 0.30000000000000004, officeShare: 0.07, greenRatio: 0.15, investmentIntensity: 4500.123456789 },
      options: { railClass: 'village' },
    });
    expect(reviewInputs(MINIMAL).options).toEqual({});
  });
});

describe('bad input: one clear error, nothing imported', () => {
  it('text that is not JSON: line and column', () => {
    const result = parseReviewSet('{\n "type": "FeatureCollection",\n "features": [,]\n}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message.en).toMatch(/line 3, column \d+/);
    expect(result.error.message.zh).toMatch(/第 3 行第 \d+ 列/);
  });

  it('not a FeatureCollection', () => {
    expect(errorOf({ type: 'Feature' }).message.en).toMatch(/not a GeoJSON FeatureCollection/);
    expect(errorOf([]).message.zh).toMatch(/不是 GeoJSON 要素集/);
    expect(errorOf(null).message.en).toMatch(/FeatureCollection/);
  });

  it('plain GeoJSON without the format marker: says to import it as a site instead', () => {
    const error = errorOf({ type: 'FeatureCollection', features: [] });
    expect(error.message.en).toMatch(/plain GeoJSON/);
    expect(error.hint.en).toMatch(/Import site/);
    expect(error.hint.zh).toMatch(/导入选址/);
  });

  it('a newer version', () => {
    const error = errorOf(fileWith((file) => (file.version = 2)));
    expect(error.message.en).toMatch(/version 2 was saved by a newer atlas/);
    expect(error.message.zh).toMatch(/更新版本/);
  });

  it('a projected crs member', () => {
    const error = errorOf(fileWith((file) => (file.crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4528' } })));
    expect(error.message.en).toMatch(/EPSG::4528.*lon\/lat/);
  });

  it('a lon/lat crs member is fine', () => {
    const file = fileWith((json) => (json.crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } }));
    expect(reviewSetFromGeoJSON(file).ok).toBe(true);
  });

  const cases: { what: string; change: (file: ReturnType<typeof fileJson>) => void; index: number; field: string; en: RegExp; zh: RegExp }[] = [
    { what: 'a feature that is not a Feature', change: (file) => (file.features[1] = { type: 'Point' }), index: 1, field: '', en: /Feature 2: not a GeoJSON Feature/, zh: /第 2 个要素/ },
    { what: 'no properties', change: (file) => (file.features[2].properties = null), index: 2, field: 'properties', en: /Feature 3: it has no properties/, zh: /缺少属性/ },
    { what: 'an unknown status', change: (file) => (file.features[1].properties.status = 'done'), index: 1, field: 'status', en: /Field status \(review status\): must be one of pending, approved, rejected, returned, got "done"/, zh: /审查状态/ },
    { what: 'a date without time and zone', change: (file) => (file.features[0].properties.createdAt = '2025-03-01'), index: 0, field: 'createdAt', en: /ISO 8601/, zh: /ISO 8601/ },
    { what: 'an impossible date', change: (file) => (file.features[0].properties.updatedAt = '2025-13-45T99:00:00Z'), index: 0, field: 'updatedAt', en: /ISO 8601/, zh: /时区/ },
    { what: 'a bad status in the history', change: (file) => (file.features[0].properties.history[1].status = 'ok'), index: 0, field: 'history[1].status', en: /history\[1\]\.status \(history\)/, zh: /审查记录/ },
    { what: 'a history that is not a list', change: (file) => (file.features[0].properties.history = 'none'), index: 0, field: 'history', en: /must be an array/, zh: /应为数组/ },
    { what: 'a history note that is a number', change: (file) => (file.features[0].properties.history[0].note = 5), index: 0, field: 'history[0].note', en: /must be text, got 5/, zh: /应为文本/ },
    { what: 'a line as the site', change: (file) => (file.features[1].geometry = { type: 'LineString', coordinates: [[121.5, 36.9], [121.6, 36.9]] }), index: 1, field: 'geometry.type', en: /Polygon or MultiPolygon, got "LineString"/, zh: /选址应为面/ },
    { what: 'no geometry', change: (file) => (file.features[1].geometry = null), index: 1, field: 'geometry', en: /must be an object, got null/, zh: /应为对象/ },
    { what: 'an open ring', change: (file) => file.features[1].geometry.coordinates[0].pop(), index: 1, field: 'geometry.coordinates[0]', en: /not closed/, zh: /未闭合/ },
    { what: 'a ring of three positions', change: (file) => (file.features[1].geometry.coordinates[0] = [[121.5, 36.9], [121.6, 36.9], [121.5, 36.9]]), index: 1, field: 'geometry.coordinates[0]', en: /at least 4 positions/, zh: /至少需要 4 个坐标/ },
    { what: 'projected coordinates', change: (file) => (file.features[1].geometry.coordinates[0][0] = [40631022.36, 4086422.6]), index: 1, field: 'geometry.coordinates[0][0]', en: /not lon\/lat/, zh: /不是经纬度/ },
    { what: 'a coordinate given as text', change: (file) => (file.features[1].geometry.coordinates[0][1] = ['121.5', '36.9']), index: 1, field: 'geometry.coordinates[0][1]', en: /pair of numbers/, zh: /数值对/ },
    { what: 'a coverage of 35 (percent, not a fraction)', change: (file) => (file.features[0].properties.proposal.coverage = 35), index: 0, field: 'proposal.coverage', en: /must be 0–1, got 35/, zh: /0–1/ },
    { what: 'a FAR given as text', change: (file) => (file.features[0].properties.proposal.far = '1.2'), index: 0, field: 'proposal.far', en: /finite number, got "1.2"/, zh: /有限数值/ },
    { what: 'a negative investment intensity', change: (file) => (file.features[0].properties.proposal.investmentIntensity = -1), index: 0, field: 'proposal.investmentIntensity', en: /≥ 0, got -1/, zh: /≥ 0/ },
    { what: 'a malformed industry code', change: (file) => (file.features[0].properties.proposal.industryCode = '制造业'), index: 0, field: 'proposal.industryCode', en: /GB\/T 4754/, zh: /行业代码/ },
    { what: 'an unknown rail class', change: (file) => (file.features[0].properties.proposal.railClass = 'rural'), index: 0, field: 'proposal.railClass', en: /urban, suburban, village, other/, zh: /urban、suburban/ },
    { what: 'an unknown CRS', change: (file) => (file.features[0].properties.source.crs = 'EPSG:9999'), index: 0, field: 'source.crs', en: /source\.crs \(source\): must be one of EPSG:4490/, zh: /来源/ },
    { what: 'crsDetected as text', change: (file) => (file.features[0].properties.source.crsDetected = 'yes'), index: 0, field: 'source.crsDetected', en: /true or false/, zh: /true 或 false/ },
    { what: 'an empty id', change: (file) => (file.features[2].properties.id = '  '), index: 2, field: 'id', en: /Field id \(identifier\): must not be empty/, zh: /不能为空/ },
    { what: 'a duplicate id', change: (file) => (file.features[2].properties.id = 'a'), index: 2, field: 'id', en: /Feature 3: the id a repeats feature 2/, zh: /与第 2 个要素重复/ },
    { what: 'site properties that are text', change: (file) => (file.features[0].properties.siteProperties = 'x'), index: 0, field: 'siteProperties', en: /siteProperties must be an object or null/, zh: /对象或 null/ },
    { what: 'an unknown verdict', change: (file) => (file.features[0].properties.lastVerdict.verdict = 'fine'), index: 0, field: 'lastVerdict.verdict', en: /compliant, needs-review, non-compliant/, zh: /最近审查结论/ },
    { what: 'a missing name', change: (file) => delete file.features[1].properties.name, index: 1, field: 'name', en: /Field name \(project name\): must be text, got undefined/, zh: /项目名称/ },
  ];

  for (const testCase of cases) {
    it(`${testCase.what}: feature ${testCase.index + 1}, field ${testCase.field || '—'}`, () => {
      const error = errorOf(fileWith(testCase.change));
      expect(error.featureIndex).toBe(testCase.index);
      if (testCase.field) expect(error.field).toBe(testCase.field);
      else expect(error.field).toBeUndefined();
      expect(error.message.en).toMatch(new RegExp(`^Feature ${testCase.index + 1}\\b`));
      expect(error.message.zh).toMatch(new RegExp(`^第 ${testCase.index + 1} 个要素`));
      expect(error.message.en).toMatch(testCase.en);
      expect(error.message.zh).toMatch(testCase.zh);
    });
  }

  it('names the feature by its project name when it has one', () => {
    const error = errorOf(fileWith((file) => (file.features[0].properties.status = 'x')));
    expect(error.message.zh).toMatch(/^第 1 个要素（乳山经开区新能源装备项目（二期）🏭/);
    expect(error.message.en).toMatch(/^Feature 1 \(乳山经开区/);
  });

  it('a record that cannot be stored as JSON (NaN, a Date) is refused before it reaches a file', () => {
    const withNaN = validateRecord({ ...MINIMAL, proposal: { far: Number.NaN } });
    expect(!withNaN.ok && withNaN.error.field).toBe('proposal.far');
    const withDate = validateRecord({ ...MINIMAL, site: { ...MINIMAL.site, properties: { when: new Date(0) } } });
    expect(!withDate.ok && withDate.error.field).toBe('site.properties.when');
    const withInfinity = validateRecord({ ...MINIMAL, site: { ...MINIMAL.site, properties: { n: [1, Infinity] } } });
    expect(!withInfinity.ok && withInfinity.error.field).toBe('site.properties.n[1]');
  });
});
