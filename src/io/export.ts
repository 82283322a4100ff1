/**
 * Export of a site (features in lon/lat) to the formats planners hand on: GeoJSON, KML,
 * DXF for CAD and the Chinese boundary-point table (界址点坐标表) as CSV. Pure functions,
 * text out; the caller saves the bytes.
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { Bilingual } from '../data/catalog-types';
import { CRS_INFO, isGaussKrugerCrs, isProjectedCrs, projectGeometry, type CrsCode } from '../crs/projections';
import { polygonsArea, ringSignedArea } from '../geometry/planar';
import { nameOf } from './feature-name';
import { countOf, localDay, wasWere } from './text';
import { fail, ok, type Result } from './types';

export type ExportFormat = 'geojson' | 'kml' | 'dxf' | 'csv' | 'baopan-txt';

export interface ExportFile {
  /** Appended to the site's name: `.geojson`, `.kml`, `.dxf`, `.csv`, `.txt`. */
  fileNameSuffix: string;
  mime: string;
  text: string;
  /** `text` as UTF-8 (with a BOM for CSV, so Excel on Chinese Windows opens it correctly); GBK for `baopan-txt` unless UTF-8 is asked for. */
  bytes: Uint8Array;
  /** The CRS the coordinates in the file are in (KML is always EPSG:4326). */
  crs: CrsCode;
  warnings: Bilingual[];
  /** Something of the site the file cannot hold and left out (a CSV table's holes): said before the warnings, as a warning. */
  lost?: Bilingual;
}

export interface ExportError {
  code: 'UNSUPPORTED_CRS' | 'NO_POLYGONS';
  message: Bilingual;
  hint: Bilingual;
}

/** The feature's name ({@link nameOf}), else its GeoJSON id, else its 1-based position. */
function featureName(feature: Feature, index: number): string {
  const name = nameOf(feature.properties);
  if (name !== null) return name;
  if (feature.id !== undefined) return String(feature.id);
  return String(index + 1);
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function roundGeometry<G extends Geometry>(geometry: G, decimals: number): G {
  const position = (p: Position): Position => p.map((value) => round(value, decimals));
  switch (geometry.type) {
    case 'Point':
      return { ...geometry, coordinates: position(geometry.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...geometry, coordinates: geometry.coordinates.map(position) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...geometry, coordinates: geometry.coordinates.map((line) => line.map(position)) };
    case 'MultiPolygon':
      return { ...geometry, coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(position))) };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map((part) => roundGeometry(part, decimals)) };
  }
}

/** Polygons of a geometry as lists of rings (Polygon → one, MultiPolygon → several). */
function polygonsOf(geometry: Geometry | null): Position[][][] {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  if (geometry.type === 'GeometryCollection') return geometry.geometries.flatMap(polygonsOf);
  return [];
}

const encoder = new TextEncoder();

function file(
  suffix: string,
  mime: string,
  text: string,
  crs: CrsCode,
  warnings: Bilingual[],
  bom = false,
): Result<ExportFile, ExportError> {
  const body = encoder.encode(text);
  const bytes = bom ? new Uint8Array([0xef, 0xbb, 0xbf, ...body]) : body;
  return ok({ fileNameSuffix: suffix, mime, text, bytes, crs, warnings });
}

function needsProjected(format: string, crs: CrsCode, gaussKrugerOnly: boolean): ExportError {
  return {
    code: 'UNSUPPORTED_CRS',
    message: {
      zh: `${format} 导出需要${gaussKrugerOnly ? '高斯-克吕格' : '平面（米制）'}坐标系，${crs}（${CRS_INFO[crs].label.zh}）不是。`,
      en: `${format} export needs a ${gaussKrugerOnly ? 'Gauss–Krüger' : 'projected (metre)'} CRS; ${crs} (${CRS_INFO[crs].label.en}) is not one.`,
    },
    hint: {
      zh: '请选择 EPSG:4528（第40带，121.5°E 以西）或 EPSG:4529（第41带，121.5°E 以东）等高斯-克吕格坐标系。',
      en: 'Choose a Gauss–Krüger CRS such as EPSG:4528 (zone 40, west of 121.5°E) or EPSG:4529 (zone 41, east of 121.5°E).',
    },
  };
}

// ---------------------------------------------------------------------------- GeoJSON

/** RFC 7946 lon/lat, or projected coordinates with the (pre-RFC, GDAL-read) `crs` member naming the EPSG code. */
function exportGeoJson(features: FeatureCollection, crs: CrsCode): Result<ExportFile, ExportError> {
  const kind = CRS_INFO[crs].kind;
  const output: FeatureCollection & { crs?: unknown } = {
    type: 'FeatureCollection',
    features: features.features.map((feature) => ({
      ...feature,
      geometry: feature.geometry
        ? kind === 'geographic'
          ? roundGeometry(feature.geometry, 9) // 1e-9° ≈ 0.1 mm
          : roundGeometry(projectGeometry(feature.geometry, crs), kind === 'projected' ? 4 : 9)
        : feature.geometry,
    })),
  };
  const warnings: Bilingual[] = [];
  if (kind !== 'geographic') {
    output.crs = { type: 'name', properties: { name: crs.startsWith('EPSG:') ? `urn:ogc:def:crs:EPSG::${crs.slice(5)}` : crs } };
    warnings.push({
      zh: `坐标为 ${crs}，文件用 crs 成员注明；RFC 7946 GeoJSON 规定经纬度，部分软件会忽略该成员。`,
      en: `Coordinates are in ${crs}, noted in a crs member; RFC 7946 GeoJSON expects lon/lat and some software ignores that member.`,
    });
  }
  return file('.geojson', 'application/geo+json', `${JSON.stringify(output, null, 1)}\n`, crs, warnings);
}

// ---------------------------------------------------------------------------- KML

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function kmlCoordinates(ring: Position[]): string {
  return ring.map((position) => `${round(position[0], 9)},${round(position[1], 9)}`).join(' ');
}

function kmlGeometry(geometry: Geometry): string {
  switch (geometry.type) {
    case 'Point':
      return `<Point><coordinates>${kmlCoordinates([geometry.coordinates])}</coordinates></Point>`;
    case 'LineString':
      return `<LineString><coordinates>${kmlCoordinates(geometry.coordinates)}</coordinates></LineString>`;
    case 'Polygon': {
      const [outer, ...holes] = geometry.coordinates;
      const inner = holes
        .map((hole) => `<innerBoundaryIs><LinearRing><coordinates>${kmlCoordinates(hole)}</coordinates></LinearRing></innerBoundaryIs>`)
        .join('');
      return `<Polygon><outerBoundaryIs><LinearRing><coordinates>${kmlCoordinates(outer)}</coordinates></LinearRing></outerBoundaryIs>${inner}</Polygon>`;
    }
    case 'MultiPoint':
      return `<MultiGeometry>${geometry.coordinates.map((coordinates) => kmlGeometry({ type: 'Point', coordinates })).join('')}</MultiGeometry>`;
    case 'MultiLineString':
      return `<MultiGeometry>${geometry.coordinates.map((coordinates) => kmlGeometry({ type: 'LineString', coordinates })).join('')}</MultiGeometry>`;
    case 'MultiPolygon':
      return `<MultiGeometry>${geometry.coordinates.map((coordinates) => kmlGeometry({ type: 'Polygon', coordinates })).join('')}</MultiGeometry>`;
    case 'GeometryCollection':
      return `<MultiGeometry>${geometry.geometries.map(kmlGeometry).join('')}</MultiGeometry>`;
  }
}

/** KML is lon/lat WGS 84 by specification (OGC KML 2.2 §6.2), whatever CRS was chosen. */
function exportKml(features: FeatureCollection, crs: CrsCode): Result<ExportFile, ExportError> {
  const placemarks = features.features.map((feature, index) => {
    const data = Object.entries(feature.properties ?? {})
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([key, value]) => {
        const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
        return `<Data name="${escapeXml(key)}"><value>${escapeXml(text)}</value></Data>`;
      })
      .join('');
    return (
      `<Placemark><name>${escapeXml(featureName(feature, index))}</name>` +
      (data ? `<ExtendedData>${data}</ExtendedData>` : '') +
      (feature.geometry ? kmlGeometry(feature.geometry) : '') +
      '</Placemark>'
    );
  });
  const warnings: Bilingual[] =
    crs === 'EPSG:4326' || crs === 'EPSG:4490'
      ? []
      : [{ zh: `KML 规范只允许 WGS 84 经纬度，未使用所选的 ${crs}。`, en: `KML allows only WGS 84 lon/lat; the chosen ${crs} was not used.` }];
  const text =
    '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>\n' +
    placemarks.join('\n') +
    '\n</Document></kml>\n';
  return file('.kml', 'application/vnd.google-earth.kml+xml', text, 'EPSG:4326', warnings);
}

// ---------------------------------------------------------------------------- DXF

/**
 * DXF layer names may not contain <>/\":;?*|=` (AutoCAD). Control characters (CR, LF, tab,
 * …) are removed: a DXF is a list of code/value line pairs, so a line break inside a name
 * would end the value and let the rest of the name be read as further group codes and
 * entities (injection). Non-ASCII becomes \U+XXXX as in pre-2007 DXF.
 */
function dxfLayerName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '').replace(/[<>/\\":;?*|=`',]/g, '_').trim() || 'PARCEL';
  return [...cleaned]
    .map((character) => {
      const code = character.codePointAt(0) ?? 0;
      if (code < 0x80) return character;
      if (code > 0xffff) return '_';
      return `\\U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    })
    .join('');
}

function dxfPair(code: number, value: string | number): string {
  return `${String(code).padStart(3, ' ')}\n${value}\n`;
}

/**
 * AC1015 (AutoCAD 2000) DXF: HEADER (version, metres), ENTITIES with one closed
 * LWPOLYLINE (flag 70 = 1, closing vertex not repeated) per ring, layer = parcel name,
 * unique handles. Holes are written as further closed polylines on the same layer: CAD
 * has no polygon-with-hole entity short of HATCH.
 */
function exportDxf(features: FeatureCollection, crs: CrsCode): Result<ExportFile, ExportError> {
  if (!isProjectedCrs(crs)) return fail(needsProjected('DXF', crs, false));
  let handle = 0x100;
  let entities = '';
  let rings = 0;
  const layers = new Set<string>();
  for (const [index, feature] of features.features.entries()) {
    const layer = dxfLayerName(featureName(feature, index));
    for (const polygon of polygonsOf(feature.geometry ? projectGeometry(feature.geometry, crs) : null)) {
      for (const ring of polygon) {
        const open = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.slice(0, -1) : ring;
        if (open.length < 3) continue;
        layers.add(layer);
        rings++;
        entities +=
          dxfPair(0, 'LWPOLYLINE') +
          dxfPair(5, (handle++).toString(16).toUpperCase()) +
          dxfPair(100, 'AcDbEntity') +
          dxfPair(8, layer) +
          dxfPair(100, 'AcDbPolyline') +
          dxfPair(90, open.length) +
          dxfPair(70, 1) +
          open.map((position) => dxfPair(10, round(position[0], 4).toFixed(4)) + dxfPair(20, round(position[1], 4).toFixed(4))).join('');
      }
    }
  }
  if (rings === 0) {
    return fail({
      code: 'NO_POLYGONS',
      message: { zh: '没有可导出为 DXF 的面。', en: 'There are no polygons to export as DXF.' },
      hint: { zh: '请先绘制或导入地块。', en: 'Draw or import a parcel first.' },
    });
  }
  const text =
    dxfPair(0, 'SECTION') +
    dxfPair(2, 'HEADER') +
    dxfPair(9, '$ACADVER') +
    dxfPair(1, 'AC1015') +
    dxfPair(9, '$INSUNITS') +
    dxfPair(70, 6) + // 6 = metres
    dxfPair(9, '$HANDSEED') +
    dxfPair(5, handle.toString(16).toUpperCase()) +
    dxfPair(0, 'ENDSEC') +
    dxfPair(0, 'SECTION') +
    dxfPair(2, 'ENTITIES') +
    entities +
    dxfPair(0, 'ENDSEC') +
    dxfPair(0, 'EOF');
  return file('.dxf', 'application/dxf', text.replace(/\n/g, '\r\n'), crs, [
    {
      zh: `DXF 坐标为 ${crs}（${CRS_INFO[crs].label.zh}），单位米；DXF 本身不记录坐标系，请在图纸说明中注明。`,
      en: `DXF coordinates are ${crs} (${CRS_INFO[crs].label.en}) in metres; DXF itself records no CRS, so note it on the drawing.`,
    },
  ]);
}

// ---------------------------------------------------------------------------- CSV (界址点坐标表)

/**
 * Orders an open ring the way Chinese 界址点 tables number points: clockwise, starting at
 * the vertex nearest the north-west corner of the ring's bounding box (the usual "从西北角
 * 起顺时针编号" of cadastral survey practice; 《地籍调查规程》 TD/T 1001 numbers boundary
 * points clockwise within a parcel).
 */
export function clockwiseFromNorthWest(ring: Position[]): Position[] {
  // Shoelace sign in the (easting, northing) plane: positive = counter-clockwise.
  const clockwise = ringSignedArea(ring) > 0 ? [...ring].reverse() : [...ring];
  const west = Math.min(...clockwise.map((position) => position[0]));
  const north = Math.max(...clockwise.map((position) => position[1]));
  let start = 0;
  let best = Infinity;
  clockwise.forEach((position, index) => {
    const distance = Math.hypot(position[0] - west, position[1] - north);
    if (distance < best) {
      best = distance;
      start = index;
    }
  });
  return [...clockwise.slice(start), ...clockwise.slice(0, start)];
}

/** A plain number, as a spreadsheet reads it: such a cell is data, never a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * One CSV cell of text. A text starting with = + - @ (or a tab / carriage return) is run as
 * a formula by Excel and LibreOffice: prefixed with ' so it shows as text (OWASP "CSV
 * Injection"). A plain number stays a number (a parcel numbered "-12" is not a formula);
 * the coordinate cells are written as numbers and never pass through here.
 */
function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Columns 地块编号, 点号, X(北), Y(东): X = northing, Y = easting in the chosen Gauss–Krüger
 * CRS, 3 decimals (millimetres), points J1…Jn clockwise from the north-west corner, the
 * closing point not repeated. A multipolygon's parts become parcels `<id>-1`, `<id>-2`…;
 * holes cannot be expressed in this table and are left out with a warning.
 */
function exportCsv(features: FeatureCollection, crs: CrsCode): Result<ExportFile, ExportError> {
  if (!isGaussKrugerCrs(crs)) return fail(needsProjected('CSV', crs, true));
  const lines = ['地块编号,点号,X(北),Y(东)'];
  const warnings: Bilingual[] = [];
  let holes = 0;
  for (const [index, feature] of features.features.entries()) {
    const name = featureName(feature, index);
    const polygons = polygonsOf(feature.geometry ? projectGeometry(feature.geometry, crs) : null);
    polygons.forEach((polygon, partIndex) => {
      const id = polygons.length > 1 ? `${name}-${partIndex + 1}` : name;
      holes += polygon.length - 1;
      const outer = polygon[0];
      const open = outer.length > 1 && outer[0][0] === outer[outer.length - 1][0] && outer[0][1] === outer[outer.length - 1][1] ? outer.slice(0, -1) : outer;
      clockwiseFromNorthWest(open).forEach((position, pointIndex) => {
        lines.push([csvText(id), `J${pointIndex + 1}`, position[1].toFixed(3), position[0].toFixed(3)].join(','));
      });
    });
  }
  if (lines.length === 1) {
    return fail({
      code: 'NO_POLYGONS',
      message: { zh: '没有可导出为界址点表的面。', en: 'There are no polygons to export as a boundary-point table.' },
      hint: { zh: '请先绘制或导入地块。', en: 'Draw or import a parcel first.' },
    });
  }
  warnings.push({
    zh: `X 为北坐标、Y 为东坐标（${crs}，${CRS_INFO[crs].label.zh}），界址点自西北角起顺时针编号，末点不重复首点。`,
    en: `X = northing, Y = easting (${crs}, ${CRS_INFO[crs].label.en}); points numbered clockwise from the north-west corner, the first point not repeated at the end.`,
  });
  const exported = file('.csv', 'text/csv', `${lines.join('\r\n')}\r\n`, crs, warnings, true);
  if (holes > 0 && exported.ok) {
    // The table read back would cover the holes too: the area grows. 电子报盘 TXT keeps them.
    exported.value.lost = {
      zh: `${holes} 个内环（洞）无法写入界址点表，已省略：按此表导入的地块会把洞算进面积。需要保留内环时请导出为电子报盘 TXT。`,
      en: `${countOf(holes, 'inner ring (hole)', 'inner rings (holes)')} cannot be written to a boundary-point table and ${wasWere(holes)} left out: a parcel read back from this table includes ${holes === 1 ? 'it' : 'them'} in its area. Export as 电子报盘 TXT to keep holes.`,
    };
  }
  return exported;
}

// ---------------------------------------------------------------------------- 电子报盘 TXT

/** Parcel attributes of a 电子报盘 file: written by its importer, read back by its exporter. */
export const BAOPAN_KEYS = {
  id: '地块编号',
  name: '地块名称',
  area: '地块面积(公顷)',
  use: '地块用途',
  landClass: '地类编码',
  sheet: '图幅号',
} as const;

export interface BaopanOptions {
  /**
   * `gbk` (default, no BOM): the 用地预审/报批 submission software and CASS, which read and
   * write these files, are Windows programs using the ANSI code page — GBK (CP936) on
   * Chinese Windows — so a UTF-8 file shows its Chinese names garbled there. `utf-8` (no
   * BOM) for newer systems; the atlas's importer reads both.
   */
  encoding?: 'gbk' | 'utf-8';
  /** 数据产生日期 (YYYY-MM-DD); default today (UTC). */
  date?: string;
}

/** The zone-prefixed Gauss–Krüger CRSs a 电子报盘 file can declare: [几度分带, 带号]. */
const BAOPAN_ZONES: Partial<Record<CrsCode, [number, number]>> = {
  'EPSG:4528': [3, 40],
  'EPSG:4529': [3, 41],
  'EPSG:4499': [6, 21],
};

/** The CRSs `baopan-txt` export accepts (Y must carry the zone prefix). */
export const BAOPAN_CRS_CODES = Object.keys(BAOPAN_ZONES) as CrsCode[];

let gbkBytes: Map<number, number> | undefined;

/**
 * Code point → GBK double byte, built once from the platform's own GBK decoder (WHATWG
 * Encoding: every lead 0x81–0xFE / trail 0x40–0xFE except 0x7F pair decodes to one code
 * point), so no encoding table ships with the atlas. TextEncoder only writes UTF-8.
 */
function gbkTable(): Map<number, number> {
  if (gbkBytes) return gbkBytes;
  const pairs: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) pairs.push(lead, trail);
  }
  const decoded = new TextDecoder('gbk').decode(new Uint8Array(pairs));
  const table = new Map<number, number>();
  let index = 0;
  for (const character of decoded) {
    const code = character.codePointAt(0) ?? 0;
    if (code >= 0x80 && code !== 0xfffd && !table.has(code)) table.set(code, (pairs[index] << 8) | pairs[index + 1]);
    index += 2;
  }
  gbkBytes = table;
  return table;
}

/** GBK bytes of a text; characters GBK lacks become "?" and are returned for a warning. */
function encodeGbk(text: string): { bytes: Uint8Array; missing: string[] } {
  const table = gbkTable();
  const bytes: number[] = [];
  const missing = new Set<string>();
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0x3f;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = table.get(code);
      if (pair === undefined) {
        missing.add(character);
        bytes.push(0x3f);
      } else bytes.push(pair >> 8, pair & 0xff);
    }
  }
  return { bytes: new Uint8Array(bytes), missing: [...missing] };
}

/**
 * One text field of a parcel header line: the format separates fields by ASCII commas and
 * records by lines, so a comma becomes a full-width "，" and line breaks and other control
 * characters are removed (a name holding "\n1,1,…" would otherwise inject points).
 */
function baopanField(value: unknown): string {
  if (value === null || value === undefined) return '';
  // eslint-disable-next-line no-control-regex
  return String(value).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '').replace(/,/g, '，').trim();
}

function sameXY(first: Position, second: Position): boolean {
  return first[0] === second[0] && first[1] === second[1];
}

/**
 * The 电子报盘 coordinate file (format: src/io/importers/baopan-txt.ts, with its sources).
 * One parcel per feature; the rings of all its polygons numbered 圈号 1, 2, … (outer rings
 * clockwise and holes counter-clockwise, each from the vertex nearest the north-west corner,
 * as CSV tables number them); points J1…Jn numbered through the parcel, each ring closed by
 * repeating its first point (and name); X = northing, Y = zone-prefixed easting, 4 decimals
 * (0.1 mm: public examples write 3, the format fixes none); 地块面积 = planar area of the
 * written coordinates in hectares, 4 decimals (1 m²). 精度 and 数据产生单位 stay empty: the
 * atlas does not know the survey precision or the producing office.
 */
function exportBaopanTxt(features: FeatureCollection, crs: CrsCode, options: BaopanOptions): Result<ExportFile, ExportError> {
  const zone = BAOPAN_ZONES[crs];
  if (!zone) {
    return fail({
      code: 'UNSUPPORTED_CRS',
      message: {
        zh: `电子报盘坐标文件需要带带号的高斯-克吕格坐标系（Y 坐标前两位为带号），${crs}（${CRS_INFO[crs].label.zh}）不是。`,
        en: `A 电子报盘 coordinate file needs a zone-prefixed Gauss–Krüger CRS (Y starts with the zone number); ${crs} (${CRS_INFO[crs].label.en}) is not one.`,
      },
      hint: {
        zh: '请选择 EPSG:4528（3度带第40带，121.5°E 以西）、EPSG:4529（第41带，121.5°E 以东）或 EPSG:4499（6度带第21带）。',
        en: 'Choose EPSG:4528 (3° zone 40, west of 121.5°E), EPSG:4529 (zone 41, east of 121.5°E) or EPSG:4499 (6° zone 21).',
      },
    });
  }
  const lines: string[] = [];
  const warnings: Bilingual[] = [];
  let parcels = 0;
  let altered = 0;
  for (const [index, feature] of features.features.entries()) {
    const polygons = polygonsOf(feature.geometry ? projectGeometry(feature.geometry, crs) : null);
    const rings: Position[][] = [];
    const written: Position[][][] = [];
    for (const polygon of polygons) {
      const kept: Position[][] = [];
      polygon.forEach((ring, ringIndex) => {
        const rounded = ring.map((position) => [round(position[0], 4), round(position[1], 4)]);
        const open = rounded.length > 1 && sameXY(rounded[0], rounded[rounded.length - 1]) ? rounded.slice(0, -1) : rounded;
        if (open.length < 3) return;
        const clockwise = clockwiseFromNorthWest(open);
        const ordered = ringIndex === 0 ? clockwise : [clockwise[0], ...clockwise.slice(1).reverse()];
        rings.push(ordered);
        kept.push([...ordered, ordered[0]]);
      });
      if (kept.length > 0) written.push(kept);
    }
    if (rings.length === 0) continue;
    parcels++;
    const properties = feature.properties ?? {};
    const fields = [
      properties[BAOPAN_KEYS.id] ?? String(index + 1),
      properties[BAOPAN_KEYS.name] ?? featureName(feature, index),
      '面',
      properties[BAOPAN_KEYS.sheet],
      properties[BAOPAN_KEYS.use],
      properties[BAOPAN_KEYS.landClass],
    ].map((value) => {
      const field = baopanField(value);
      if (value !== null && value !== undefined && field !== String(value)) altered++;
      return field;
    });
    const pointCount = rings.reduce((sum, ring) => sum + ring.length + 1, 0);
    const hectares = polygonsArea(written) / 10_000;
    lines.push([String(pointCount), hectares.toFixed(4), fields[0], fields[1], ...fields.slice(2), '@'].join(','));
    let point = 0;
    rings.forEach((ring, ringIndex) => {
      const firstName = `J${point + 1}`;
      for (const [easting, northing] of ring) lines.push(`J${++point},${ringIndex + 1},${northing.toFixed(4)},${easting.toFixed(4)}`);
      lines.push(`${firstName},${ringIndex + 1},${ring[0][1].toFixed(4)},${ring[0][0].toFixed(4)}`);
    });
  }
  if (parcels === 0) {
    return fail({
      code: 'NO_POLYGONS',
      message: { zh: '没有可导出为电子报盘坐标文件的面。', en: 'There are no polygons to export as a 电子报盘 coordinate file.' },
      hint: { zh: '请先绘制或导入地块。', en: 'Draw or import a parcel first.' },
    });
  }
  const date = options.date ?? localDay();
  const header = [
    '[属性描述]',
    '格式版本号=',
    '数据产生单位=',
    `数据产生日期=${baopanField(date)}`,
    '坐标系=2000国家大地坐标系',
    `几度分带=${zone[0]}`,
    '投影类型=高斯克吕格',
    '计量单位=米',
    `带号=${zone[1]}`,
    '精度=',
    '转换参数=,,,,,,',
    '[地块坐标]',
  ];
  // CRLF: the submission software and CASS are Windows programs.
  const text = `${[...header, ...lines].join('\r\n')}\r\n`;
  warnings.push({
    zh: `坐标为 ${crs}（${CRS_INFO[crs].label.zh}），X 为北坐标、Y 为带带号的东坐标；地块面积为该投影平面上的面积（公顷）；“精度”和“数据产生单位”未填写，请按实际补充。`,
    en: `Coordinates are ${crs} (${CRS_INFO[crs].label.en}), X = northing, Y = zone-prefixed easting; 地块面积 is the area on that projection plane (hectares); 精度 (survey precision) and 数据产生单位 (producing office) are left empty for you to fill in.`,
  });
  if (altered > 0) {
    warnings.push({
      zh: `${altered} 个属性值含英文逗号或换行，已将逗号改为全角“，”并删除换行，以免破坏文件格式。`,
      en: `${altered} attribute value(s) held commas or line breaks; commas became full-width "，" and line breaks were removed so the file stays well-formed.`,
    });
  }
  if ((options.encoding ?? 'gbk') === 'utf-8') return file('.txt', 'text/plain;charset=utf-8', text, crs, warnings);
  const { bytes, missing } = encodeGbk(text);
  if (missing.length > 0) {
    warnings.push({
      zh: `文件按 GBK 编码保存，其中没有的字符（${missing.join('')}）已写成“?”；如需保留，请改用 UTF-8 导出。`,
      en: `The file is saved as GBK, which lacks some characters (${missing.join('')}); they were written as "?". Export as UTF-8 to keep them.`,
    });
  }
  return ok({ fileNameSuffix: '.txt', mime: 'text/plain;charset=gbk', text, bytes, crs, warnings });
}

/**
 * Writes a site's features (lon/lat) as GeoJSON, KML, DXF, a boundary-point CSV or a 电子报盘 TXT.
 *
 * @param features site features in lon/lat (CGCS2000 ≈ WGS 84)
 * @param format `geojson` (lon/lat, or projected with a `crs` member), `kml` (always lon/lat),
 *   `dxf` (projected metres, AC1015 closed LWPOLYLINEs), `csv` (界址点坐标表 in a Gauss–Krüger CRS),
 *   `baopan-txt` (电子报盘 coordinate file in a zone-prefixed Gauss–Krüger CRS)
 * @param crs CRS of the coordinates written (ignored by KML)
 * @param baopan `baopan-txt` only: encoding (GBK by default) and 数据产生日期
 * @example exportSite(site, 'csv', 'EPSG:4529') // ok → { fileNameSuffix: '.csv', text: '地块编号,点号,X(北),Y(东)\r\n…' }
 */
export function exportSite(
  features: FeatureCollection,
  format: ExportFormat,
  crs: CrsCode,
  baopan: BaopanOptions = {},
): Result<ExportFile, ExportError> {
  switch (format) {
    case 'geojson':
      return exportGeoJson(features, crs);
    case 'kml':
      return exportKml(features, crs);
    case 'dxf':
      return exportDxf(features, crs);
    case 'csv':
      return exportCsv(features, crs);
    case 'baopan-txt':
      return exportBaopanTxt(features, crs, baopan);
  }
}
