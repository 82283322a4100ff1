/**
 * The review-profile bundle (src/records/profile-bundle.ts): one zip of profile.json and
 * layers/<id>.fgb, read back to the same profile and bytes; a changed layer file, a missing
 * one, a zip without profile.json and an invalid role are refused with a message naming the
 * file — and nothing is returned. Hashes are checked against node:crypto.
 */
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { ReviewProfile } from '../../src/analysis/review/reference-types';
import { writeFlatGeobuf } from '../../src/data/fgb-writer';
import { profileHash, readProfileBundle, validateProfile, writeProfileBundle } from '../../src/records/profile-bundle';

const fgb = writeFlatGeobuf({
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { DLBM: '0101' }, geometry: { type: 'Polygon', coordinates: [[[121.5, 36.9], [121.51, 36.9], [121.51, 36.91], [121.5, 36.9]]] } }],
});
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const profile: ReviewProfile = {
  format: 'weihai-atlas-review-profile',
  version: 1,
  name: '乳山市 审查方案（合成）',
  layers: [
    {
      id: 'dltb',
      name: '地类图斑',
      role: { kind: 'classes', field: 'DLBM', review: ['01'] },
      source: { file: 'DLTB.zip', features: 1, crs: 'EPSG:4528', added: '2026-11-30T08:00:00.000Z', hash: sha(fgb) },
      fields: ['DLBM'],
      enabled: true,
    },
  ],
  builtInLayers: [],
};

describe('profile bundle', () => {
  it('round-trips the profile and the layer bytes', async () => {
    const written = await writeProfileBundle({ profile, layers: new Map([['dltb', fgb]]) });
    if (!written.ok) throw new Error(written.error.message.en);
    const read = await readProfileBundle(written.value, 'p.review-profile.zip');
    if (!read.ok) throw new Error(read.error.message.en);
    expect(read.value.profile).toEqual(profile);
    expect(sha(read.value.layers.get('dltb')!)).toBe(sha(fgb));
    expect(await profileHash(read.value.profile)).toBe(await profileHash(profile));
  });

  it('carries a server layer as its address only (no data), and still refuses a file layer without data', async () => {
    const server = {
      id: 'yjjbnt-wfs',
      name: '永久基本农田（WFS）',
      role: { kind: 'prohibited' as const },
      source: { file: 'http://127.0.0.1:8080/cgi-bin/mapserv?map=atlas&SERVICE=WFS&TYPENAMES=yjjbnt', features: 0, crs: 'EPSG:4490' },
      fields: ['bsm'],
      enabled: true,
    };
    const withServer: ReviewProfile = { ...profile, layers: [...profile.layers, server] };
    const written = await writeProfileBundle({ profile: withServer, layers: new Map([['dltb', fgb]]) });
    if (!written.ok) throw new Error(written.error.message.en);
    const zip = await JSZip.loadAsync(written.value);
    expect(Object.keys(zip.files).filter((name) => name.endsWith('.fgb'))).toEqual(['layers/dltb.fgb']);
    const read = await readProfileBundle(written.value, 'p.review-profile.zip');
    if (!read.ok) throw new Error(read.error.message.en);
    expect(read.value.profile.layers.map((layer) => layer.id)).toEqual(['dltb', 'yjjbnt-wfs']);
    expect([...read.value.layers.keys()]).toEqual(['dltb']);
    const missing = await writeProfileBundle({ profile: withServer, layers: new Map() });
    expect(missing.ok).toBe(false);
  });

  it('refuses a layer file that does not match its recorded SHA-256', async () => {
    const zip = new JSZip();
    zip.file('profile.json', JSON.stringify(profile));
    const changed = fgb.slice();
    changed[changed.length - 1] ^= 0xff;
    zip.file('layers/dltb.fgb', changed);
    const read = await readProfileBundle(await zip.generateAsync({ type: 'uint8array' }), 'p.zip');
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error.message.en).toMatch(/^p\.zip: layers\/dltb\.fgb does not match/);
    expect(!read.ok && read.error.message.zh).toMatch(/layers\/dltb\.fgb 的内容与方案记录的版本/);
  });

  it('refuses a bundle missing a layer file or profile.json, and a file that is not a zip', async () => {
    const zip = new JSZip();
    zip.file('profile.json', JSON.stringify(profile));
    const missing = await readProfileBundle(await zip.generateAsync({ type: 'uint8array' }), 'p.zip');
    expect(!missing.ok && missing.error.message.en).toMatch(/layers\/dltb\.fgb\) is missing/);
    const empty = new JSZip();
    empty.file('readme.txt', 'x');
    const noProfile = await readProfileBundle(await empty.generateAsync({ type: 'uint8array' }), 'p.zip');
    expect(!noProfile.ok && noProfile.error.message.en).toMatch(/has no profile\.json/);
    const notZip = await readProfileBundle(new TextEncoder().encode('hello'), 'p.zip');
    expect(!notZip.ok && notZip.error.message.en).toMatch(/not a valid zip/);
  });

  it('names the field of an invalid role, in zh and en', () => {
    const checked = validateProfile({ ...profile, layers: [{ ...profile.layers[0], role: { kind: 'line', widthM: -3 } }] }, 'x.zip');
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.error.message.en).toBe('x.zip: field layers[0].role.widthM must be a width of 0–10,000 m, got -3.');
    expect(!checked.ok && checked.error.message.zh).toContain('layers[0].role.widthM');
  });

  it('hashes the rules, not the map style or the name field', async () => {
    const styled = { ...profile, layers: [{ ...profile.layers[0], style: { color: '#ff0000', opacity: 0.5 } }] };
    expect(await profileHash(styled as ReviewProfile)).toBe(await profileHash(profile));
    // Nor how findings are named: the same features are found, under another heading.
    const named = { ...profile, layers: [{ ...profile.layers[0], nameField: 'BSM' }] };
    expect(await profileHash(named)).toBe(await profileHash(profile));
    const changedRole = { ...profile, layers: [{ ...profile.layers[0], role: { kind: 'prohibited' as const } }] };
    expect(await profileHash(changedRole)).not.toBe(await profileHash(profile));
  });
});
