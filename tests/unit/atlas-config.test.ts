/**
 * The administrator's configuration (issue 13): which intranet origins the app may reach.
 * The Content-Security-Policy's connect-src is built from allowedOrigins and nothing else;
 * a source outside them, or a malformed entry, is refused with a bilingual message.
 */
import { describe, expect, it } from 'vitest';
import { EMPTY_ATLAS_CONFIG, parseAtlasConfig } from '../../src/data/atlas-config';
import { contentSecurityPolicy } from '../../vite.config';

const base = { format: 'weihai-atlas-config', version: 1 };

describe('atlas-config.json', () => {
  it('the shipped file allows no other origin: connect-src is self only', () => {
    const policy = contentSecurityPolicy();
    expect(policy).toMatch(/(^|; )connect-src 'self'(;|$)/);
    expect(parseAtlasConfig(JSON.stringify(EMPTY_ATLAS_CONFIG))).toEqual({ ok: true, config: EMPTY_ATLAS_CONFIG });
  });

  it('connect-src lists exactly the allowed origins', () => {
    const configText = JSON.stringify({
      ...base,
      allowedOrigins: ['http://10.1.2.3:8080', 'https://gis.bureau.local'],
      sources: [{ id: 'yjjbnt', name: '永久基本农田', kind: 'wfs', url: 'http://10.1.2.3:8080/geoserver/wfs', typeName: 'bureau:yjjbnt' }],
    });
    expect(contentSecurityPolicy({ configText })).toMatch(/connect-src 'self' http:\/\/10\.1\.2\.3:8080 https:\/\/gis\.bureau\.local;/);
  });

  it.each([
    [{ ...base, allowedOrigins: ['http://10.1.2.3:8080/path'] }, /allowedOrigins\[0\]/, /不含路径/],
    [{ ...base, allowedOrigins: ['ftp://10.1.2.3'] }, /allowedOrigins\[0\]/, /http\(s\)/],
    [{ ...base, sources: [{ id: 'a', kind: 'ogc-api', url: 'http://10.9.9.9/ogc/collections/a' }] }, /sources\[0\]\.url: its origin http:\/\/10\.9\.9\.9 is not in allowedOrigins/, /不在 allowedOrigins 中/],
    [{ ...base, allowedOrigins: ['http://h'], sources: [{ id: 'a', kind: 'wfs', url: 'http://h/wfs' }] }, /sources\[0\]\.typeName/, /要素类型名/],
    [{ ...base, allowedOrigins: ['http://h'], sources: [{ id: 'a', kind: 'wms', url: 'http://h/wms' }] }, /sources\[0\]\.kind/, /ogc-api、wfs 或 flatgeobuf-url/],
    [{ format: 'other', version: 1 }, /format\/version/, /weihai-atlas-config/],
  ])('refuses %j', (config, english, chinese) => {
    const parsed = parseAtlasConfig(JSON.stringify(config));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.en).toMatch(english);
    expect(parsed.error.zh).toMatch(chinese);
    expect(parsed.error.zh).toMatch(/atlas-config\.json/);
  });

  it('a build refuses a bad configuration instead of shipping a wrong policy', () => {
    expect(() => contentSecurityPolicy({ configText: '{' })).toThrow(/not valid JSON/);
  });
});
