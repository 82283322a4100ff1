/**
 * Key-project board: totals equal the sums of the layer's records (counted here straight from
 * the GeoJSON), local edits replace layer records, added records count, unknown investment is
 * never counted as 0, and drafts are validated with bilingual messages; export round trip.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  boardColumns,
  boardTotals,
  draftFromRecord,
  mergeRecords,
  recordFromDraft,
  recordsFromLayer,
  recordsToCsv,
  recordsToGeoJson,
  type ProjectDraft,
} from '../../src/explorer/project-board';

const ROOT = path.resolve(__dirname, '..', '..');
const layer = JSON.parse(readFileSync(path.join(ROOT, 'layers/key-projects/key-projects.geojson'), 'utf8')) as FeatureCollection;
const now = new Date('2026-11-21T10:00:00Z');

const draft = (overrides: Partial<ProjectDraft>): ProjectDraft => ({
  name_zh: '测试项目',
  name_en: 'Test project',
  status: 'signed',
  investment_yi: '',
  district: '乳山市',
  clusters: [],
  rushan_industries: [],
  longitude: '121.55',
  latitude: '36.9',
  note: '',
  ...overrides,
});

describe('key-project board', () => {
  it('takes the layer’s note for readers, not the team’s technical note', () => {
    const records = recordsFromLayer(layer);
    const noted = records.filter((record) => record.note);
    expect(noted.length).toBeGreaterThan(0);
    for (const record of noted) expect(record.note, record.id).not.toMatch(/seed|REFERENCE\.md/i);
    // An English export gives the layer's English note, a Chinese one the Chinese note.
    const withEnglish = noted.find((record) => record.note_en)!;
    expect(withEnglish.note).toMatch(/[\u4e00-\u9fff]/);
    expect(recordsToCsv([withEnglish], 'en')).toContain(withEnglish.note_en!);
    expect(recordsToCsv([withEnglish], 'en')).not.toContain(withEnglish.note);
    expect(recordsToCsv([withEnglish], 'zh')).toContain(withEnglish.note);
  });

  it('totals equal the sums of the layer records', () => {
    const records = recordsFromLayer(layer);
    expect(records.length).toBe(layer.features.length);
    const totals = boardTotals(records);
    const known = layer.features.map((feature) => feature.properties?.investment_yi).filter((value): value is number => typeof value === 'number');
    expect(totals.all.count).toBe(layer.features.length);
    expect(totals.all.investment_yi).toBe(known.reduce((sum, value) => sum + value, 0));
    expect(totals.all.unknown_count).toBe(layer.features.length - known.length);
    for (const total of totals.byStatus) {
      expect(total.count, total.key).toBe(layer.features.filter((feature) => feature.properties?.status === total.key).length);
    }
    const districts = new Set(layer.features.map((feature) => feature.properties?.district));
    expect(totals.byDistrict.map((total) => total.key).sort()).toEqual([...districts].sort());
    for (const total of totals.byDistrict) expect(total.count).toBe(layer.features.filter((feature) => feature.properties?.district === total.key).length);
    const marine = totals.byCluster.find((total) => total.key === 'cluster:marine-bio-food')!;
    expect(marine.count).toBe(layer.features.filter((feature) => String(feature.properties?.clusters ?? '').split(';').includes('marine-bio-food')).length);
    expect(boardColumns(records).reduce((sum, column) => sum + column.records.length, 0)).toBe(records.length);
  });

  it('adds local records and edits into the totals, unknown investment never as 0', () => {
    const records = recordsFromLayer(layer);
    const added = recordFromDraft(draft({ investment_yi: '12.5', clusters: ['marine-bio-food'] }), now);
    const edited = recordFromDraft(draftFromRecord({ ...records[0] }), now, records[0]);
    expect(added.ok && edited.ok).toBe(true);
    if (!added.ok || !edited.ok) return;
    const editedRecord = { ...edited.record, investment_yi: 3.25 };
    const merged = mergeRecords(records, [editedRecord, added.record]);
    expect(merged.length).toBe(records.length + 1);
    expect(merged[0].investment_yi).toBe(3.25);
    const totals = boardTotals(merged);
    expect(totals.all.investment_yi).toBe(15.75);
    expect(totals.all.unknown_count).toBe(records.length - 1);
    expect(totals.byDistrict.find((total) => total.key === '乳山市')!.investment_yi).toBe(records[0].district === '乳山市' ? 15.75 : 12.5);
  });

  it('rejects bad drafts with zh + en messages', () => {
    const bad = recordFromDraft(draft({ name_zh: '', name_en: '', investment_yi: '-3', longitude: '200' }), now);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.length).toBe(3);
    for (const problem of bad.problems) {
      expect(problem.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(problem.en).toMatch(/[a-z]/);
    }
  });

  it('names districts in English from the layer, and only while the district is the layer’s', () => {
    const records = recordsFromLayer(layer);
    const totals = boardTotals(records);
    for (const total of totals.byDistrict) {
      const feature = layer.features.find((candidate) => candidate.properties?.district === total.key)!;
      expect(total.label, total.key).toEqual({ zh: total.key, en: feature.properties?.district_en });
      expect(total.label.en, total.key).not.toMatch(/[\u4e00-\u9fff]/);
    }
    // Totalled by county-level district: a town (海阳所镇) is no row of its own.
    expect(totals.byDistrict.map((total) => total.key).filter((key) => /[镇乡]$|街道$/.test(key))).toEqual([]);
    const economicZone = records.find((record) => record.district === '经区（东部滨海新城）')!;
    expect(recordsToCsv([economicZone], 'en')).toContain(economicZone.district_en!);
    expect(recordsToCsv([economicZone], 'zh')).not.toContain(economicZone.district_en!);
    expect(recordsFromLayer(recordsToGeoJson([economicZone]))[0].district_en).toBe(economicZone.district_en);
    // Edited: the English name stays with an unchanged district and goes with a changed one.
    const kept = recordFromDraft({ ...draftFromRecord(economicZone), status: 'built' }, now, economicZone);
    expect(kept.ok && kept.record.district_en).toBe(economicZone.district_en);
    const moved = recordFromDraft({ ...draftFromRecord(economicZone), district: '乳山市白沙滩镇' }, now, economicZone);
    expect(moved.ok && moved.record.district_en).toBeUndefined();
    expect(boardTotals(moved.ok ? [moved.record] : []).byDistrict[0].label).toEqual({ zh: '乳山市白沙滩镇', en: '乳山市白沙滩镇' });
    // A record without the English name (edited before the layer had it) listed first does not hide it.
    const { district_en: _english, ...older } = economicZone;
    expect(boardTotals([{ ...older, id: 'local-older' }, economicZone]).byDistrict[0].label.en).toBe(economicZone.district_en);
  });

  it('exports GeoJSON and CSV with every record', () => {
    const records = recordsFromLayer(layer);
    const exported = recordsToGeoJson(records);
    expect(recordsFromLayer(exported).map((record) => record.id)).toEqual(records.map((record) => record.id));
    const csv = recordsToCsv(records, 'zh');
    expect(csv.startsWith('\uFEFF编号,')).toBe(true);
    expect(csv.trim().split('\r\n').length).toBe(records.length + 1);
  });
});
