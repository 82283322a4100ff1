/**
 * One naming rule and one id rule for features (code review findings 7 and 22):
 * src/io/feature-name.ts is used by import messages, export, the siting review and the
 * land-use-intensity engine. Expected names are the attribute values written in the tests.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURE_NAME_KEYS, attributeText, displayNameOf, featureIdOf, nameFieldAmong, nameOf } from '../../src/io/feature-name';
import { describeFeature } from '../../src/io/complete-import';
import { importFile } from '../../src/io/registry';

const FIXTURES = path.resolve(__dirname, '../fixtures/import');

describe('nameFieldAmong and attributeText (naming a layer by its fields)', () => {
  it('ranks field names as the name rule does, and reads only text and finite numbers as names', () => {
    expect(nameFieldAmong(['BSM', 'id', 'NAME', 'TBBH'])).toBe('NAME');
    expect(nameFieldAmong(['BSM', 'name', 'Parcel_ID'])).toBe('Parcel_ID');
    expect(nameFieldAmong(['BSM', 'TBBH'])).toBeUndefined();
    expect(attributeText(' 西黄村 ')).toBe('西黄村');
    expect(attributeText(123)).toBe('123');
    for (const value of ['  ', null, undefined, true, { a: 1 }, Number.NaN, ['x']]) expect(attributeText(value)).toBeUndefined();
  });
});

describe('displayNameOf (the site review names a site as a person reads it)', () => {
  it('prefers a display name, the 报盘 地块名称 included, then falls back to the parcel number', () => {
    expect(displayNameOf({ 地块编号: 'RS-H-01', 地块名称: '乳山口东地块' })).toBe('乳山口东地块');
    expect(displayNameOf({ 地块编号: 'RS-A-01', name: '乳山西地块' })).toBe('乳山西地块');
    expect(displayNameOf({ name_zh: '新能源项目', name: 'new energy' })).toBe('新能源项目');
    expect(displayNameOf({ NAME: ' 东区 ', id: 7 })).toBe('东区');
  });
  it('names a boundary-point table by its parcel column (`parcel`, 宗地号 …), and has nothing for nothing', () => {
    expect(displayNameOf({ parcel: 'P-7', point: 'J1' })).toBe('P-7');
    expect(displayNameOf({ 宗地号: 'ZD-3' })).toBe('ZD-3');
    expect(displayNameOf({ name: '  ', layer: 'PARCEL' })).toBe('PARCEL');
    expect(displayNameOf({})).toBe('');
    expect(displayNameOf(null)).toBe('');
  });
  it('the English boundary-point table names its two parcels', async () => {
    const imported = await importFile(new Uint8Array(readFileSync(path.join(FIXTURES, 'boundary-points-en.csv'))), { fileName: 'boundary-points-en.csv' });
    if (!imported.ok) throw new Error(imported.error.message.en);
    const names = imported.value.features.features.map((feature) => displayNameOf(feature.properties));
    expect(names.every((name) => name !== '')).toBe(true);
    expect(new Set(names).size).toBe(2);
  });
});

describe('nameOf', () => {
  it('prefers the parcel number, then the project or place name, then an id', () => {
    expect(nameOf({ 地块编号: 'RS-A-01', name: '乳山西地块', id: 7 })).toBe('RS-A-01');
    expect(nameOf({ name: '乳山西地块', id: 7 })).toBe('乳山西地块');
    expect(nameOf({ name_zh: '新能源项目', name: 'new energy' })).toBe('新能源项目');
    expect(nameOf({ 项目名称: '装备园', id: 'x' })).toBe('装备园');
    expect(nameOf({ id: 7 })).toBe('7');
  });

  it('ignores case, spaces, _ - . in attribute names, and empty values', () => {
    expect(nameOf({ 'Parcel ID': 'P-9' })).toBe('P-9');
    expect(nameOf({ PARCEL_ID: 'P-8' })).toBe('P-8');
    expect(nameOf({ NAME: ' 东区 ' })).toBe('东区');
    expect(nameOf({ 地块编号: '  ', Name: 'B' })).toBe('B');
    expect(nameOf({ parcel_id: Number.NaN, ID: 12 })).toBe('12');
  });

  it('is null without a usable attribute', () => {
    expect(nameOf(null)).toBeNull();
    expect(nameOf({ area: 12, note: 'x' })).toBeNull();
  });

  it('the import messages use it', () => {
    expect(describeFeature(1, { 宗地号: 'ZD-2', name: '乙' }).en).toBe('feature 2 (ZD-2)');
    expect(describeFeature(0, {}).zh).toBe('第 1 个要素');
  });

  it('names the parcels of a boundary-point table under every parcel header the CSV importer knows', async () => {
    const [, ...rows] = readFileSync(path.join(FIXTURES, 'boundary-points-zh.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    for (const header of ['地块编号', '地块号', '地块', '宗地号', '宗地编号', '宗地代码', 'parcel', 'Parcel ID', 'parcel_no', 'plot']) {
      const text = [`${header},界址点号,X,Y`, ...rows].join('\n');
      const result = await importFile(new TextEncoder().encode(text), { fileName: 'table.csv' });
      expect(result.ok, header).toBe(true);
      if (!result.ok) continue;
      expect(result.value.features.features.map((feature) => nameOf(feature.properties)), header).toEqual(['RS-A-01', 'RS-B-02']);
    }
    expect(FEATURE_NAME_KEYS[0]).toBe('地块编号');
  });
});

describe('featureIdOf', () => {
  it('takes properties.id first, then feature.id; null and undefined are absent', () => {
    expect(featureIdOf({ id: 7, properties: { id: 'DZ-1' } })).toBe('DZ-1');
    expect(featureIdOf({ id: 7, properties: {} })).toBe(7);
    expect(featureIdOf({ id: 'f-3', properties: { id: null } })).toBe('f-3');
    expect(featureIdOf({ properties: { id: 0 } })).toBe(0);
    expect(featureIdOf({ properties: null })).toBeUndefined();
    expect(featureIdOf(undefined)).toBeUndefined();
  });
});
