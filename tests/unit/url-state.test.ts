import { describe, expect, it } from 'vitest';
import { formatHash, formatMapValue, parseHash, parseMapValue } from '../../src/state/url-state';

describe('parseHash', () => {
  it('reads map= as zoom/lat/lon and layers= as an id list', () => {
    const state = parseHash('#map=8.30/37.05000/121.75000&layers=basemap-land,hsr-line');
    expect(state.view).toEqual({ zoom: 8.3, latitude: 37.05, longitude: 121.75 });
    expect(state.layers).toEqual(['basemap-land', 'hsr-line']);
    expect(state.other).toEqual([]);
  });

  it('accepts a hash without the leading #', () => {
    expect(parseHash('map=10/36.9/121.5').view).toEqual({ zoom: 10, latitude: 36.9, longitude: 121.5 });
  });

  it('keeps other keys verbatim and in order', () => {
    const state = parseHash('#story=rushan-bay&map=9/37/122&step=2&site=%E4%B9%B3%E5%B1%B1&layers=towns');
    expect(state.other).toEqual([
      ['story', 'rushan-bay'],
      ['step', '2'],
      ['site', '%E4%B9%B3%E5%B1%B1'],
    ]);
  });

  it('tells "no layers= key" (undefined) from "layers= with nothing visible" (empty list)', () => {
    expect(parseHash('#map=9/37/122').layers).toBeUndefined();
    expect(parseHash('#map=9/37/122&layers=').layers).toEqual([]);
  });

  it('drops a malformed or out-of-range map=', () => {
    for (const bad of ['9/37', '9/37/122/4', 'a/37/122', '9//122', '30/37/122', '9/91/122', '9/37/181', '-1/37/122']) {
      expect(parseMapValue(bad), bad).toBeUndefined();
      expect(parseHash(`#map=${bad}`).view, bad).toBeUndefined();
    }
  });

  it('returns an empty state for an empty hash', () => {
    expect(parseHash('')).toEqual({ other: [] });
    expect(parseHash('#')).toEqual({ other: [] });
  });
});

describe('formatHash', () => {
  const view = { zoom: 8.3, latitude: 37.05, longitude: 121.75 };

  it('writes zoom with 2 decimals and lat/lon with 5 (OSM convention)', () => {
    expect(formatMapValue({ zoom: 8.304999, latitude: 37.0512345, longitude: 121.7549999 })).toBe('8.30/37.05123/121.75500');
    expect(formatHash({ view, layers: ['basemap-land', 'hsr-line'] })).toBe('#map=8.30/37.05000/121.75000&layers=basemap-land,hsr-line');
  });

  it('writes an empty layers= when nothing is visible', () => {
    expect(formatHash({ view, layers: [] })).toBe('#map=8.30/37.05000/121.75000&layers=');
  });

  it('preserves other keys and the positions of map= and layers=', () => {
    const previous = '#story=rushan-bay&map=1.00/0.00000/0.00000&step=2&layers=a&site=x%20y';
    expect(formatHash({ view, layers: ['towns'] }, previous)).toBe(
      '#story=rushan-bay&map=8.30/37.05000/121.75000&step=2&layers=towns&site=x%20y',
    );
  });

  it('puts map= and layers= first when the previous hash lacks them', () => {
    expect(formatHash({ view, layers: ['towns'] }, '#story=s1&step=3')).toBe('#map=8.30/37.05000/121.75000&layers=towns&story=s1&step=3');
  });

  it('wraps longitude into −180..180', () => {
    expect(formatMapValue({ zoom: 3, latitude: 10, longitude: 481.75 })).toBe('3.00/10.00000/121.75000');
    expect(formatMapValue({ zoom: 3, latitude: 10, longitude: -238.25 })).toBe('3.00/10.00000/121.75000');
  });

  it('round-trips through parseHash', () => {
    const hash = formatHash({ view: { zoom: 11.25, latitude: 36.87654, longitude: 121.53421 }, layers: ['hsr-line', 'hsr-stations'] }, '#story=a');
    const parsed = parseHash(hash);
    expect(parsed.view).toEqual({ zoom: 11.25, latitude: 36.87654, longitude: 121.53421 });
    expect(parsed.layers).toEqual(['hsr-line', 'hsr-stations']);
    expect(parsed.other).toEqual([['story', 'a']]);
  });
});

describe('malformed links', () => {
  it('survives a stray % in any hash value instead of throwing at start-up', () => {
    // decodeURIComponent('%E4%') throws URIError; the app parses the hash before it renders.
    expect(() => parseHash('#map=10/36.9/121.5%&layers=marine-ranch,%E4%&site=%zz')).not.toThrow();
    const state = parseHash('#map=10/36.9/121.5&layers=marine-ranch,%E4%&site=%zz');
    expect(state.view).toEqual({ zoom: 10, latitude: 36.9, longitude: 121.5 });
    expect(state.layers).toEqual(['marine-ranch', '%E4%']);
    expect(state.other).toEqual([['site', '%zz']]);
    expect(parseMapValue('10/36.9/121.5%')).toBeUndefined();
  });
});
