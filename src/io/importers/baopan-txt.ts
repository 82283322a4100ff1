/**
 * 电子报盘 boundary-coordinate text (建设用地预审 / 报批 坐标文件, the "坐标交换格式" of the
 * former 国土资源部 submission software). Layout, as public descriptions give it
 * (REFERENCE.md "Planning data a bureau holds"; 《建设项目用地红线坐标文件内容要求》,
 * m.wenku365.com/p-6705749.html; "CASS如何导出电子报盘坐标格式", www.celiang.net/13032.html;
 * "基于ArcGIS的通用界址点导入导出工具设计与实现", www.cnblogs.com/loveyl/p/19088909):
 *
 *   [属性描述]                          (CASS writes 【属性描述】; both are read)
 *   格式版本号= 数据产生单位= 数据产生日期=
 *   坐标系=2000国家大地坐标系            (or 1980西安坐标系, 北京54 …)
 *   几度分带=3   投影类型=高斯克吕格   计量单位=米   带号=40   精度=
 *   转换参数=,,,,,,                     (seven parameters; "不用填写…但要保留逗号")
 *   [地块坐标]
 *   界址点数,地块面积(公顷),地块编号,地块名称,记录图形属性(点/线/面),图幅号,地块用途,地类编码,@
 *   点号,地块圈号,X,Y                   (X = northing, Y = easting with the zone prefix)
 *   …
 *
 * 圈号 1 is the parcel's outer ring; further 圈号 are holes ("扣除内部面积") or further
 * rings of the same parcel; each ring repeats its first point at the end (点号 J1…J1).
 * 界址点数 counts the point lines including those closing repeats.
 *
 * The CRS comes from 坐标系 + 几度分带 + 带号 (+ whether Y carries the zone prefix):
 * CGCS2000 3° zone 40/41 → EPSG:4528/4529 (4549/4550 unprefixed), 6° zone 21 → EPSG:4499
 * (4510 unprefixed). Xi'an 1980, Beijing 1954, other datums, zones or projections are
 * refused (UNSUPPORTED_CRS) unless the user chose the CRS: their numbers look like CGCS2000
 * but lie tens of metres off. Nothing is half-imported: any error refuses the whole file.
 */
import type { Geometry, Position } from 'geojson';
import type { Bilingual } from '../../data/catalog-types';
import type { CrsCode } from '../../crs/projections';
import { distanceToRing, pointInRings, polygonsArea } from '../../geometry/planar';
import { BAOPAN_KEYS } from '../export';
import { chosenOverDeclared, completeImport, importError, limitError, UNSUPPORTED_CRS_HINT, type SourceFeature, type SourceLayer } from '../complete-import';
import { cleanFileText, decodeText } from '../text';
import { fail, importLimits, type ImportErrorCode, type ImportOptions, type ImportOutcome } from '../types';

/** A section header: `[属性描述]`, `【地块坐标】`, `［…］` (full-width brackets from Chinese input methods). */
const SECTION = /^\s*[[【［]\s*(属性描述|地块坐标)\s*[\]】］]\s*$/;
const SNIFF = /[[【［]\s*(属性描述|地块坐标)\s*[\]】］]/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Vertices closer than this (metres) are the same point: the closing repeat of a ring. */
const CLOSURE_M = 0.001;

/**
 * The file names a 电子报盘 section in its first 4 KiB, in UTF-8, GBK or UTF-16. Cheap and
 * synchronous, for the registry's content sniffing (a .txt may also be a CSV table).
 */
export function looksLikeBaopanTxt(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 4096);
  // A cut multi-byte character at the end of the head makes strict UTF-8 fail; try each.
  return [decodeText(head).text, new TextDecoder('utf-8').decode(head), new TextDecoder('gbk').decode(head)].some((text) => SNIFF.test(text));
}

interface PointLine {
  line: number;
  name: string;
  ring: number;
  /** [easting (Y), northing (X)] as written, metres. */
  position: Position;
}

interface Parcel {
  line: number;
  fields: string[];
  points: PointLine[];
}

type Refusal = { ok: false; code: ImportErrorCode; message: Bilingual; hint: Bilingual };

function refuse(code: ImportErrorCode, message: Bilingual, hint: Bilingual): Refusal {
  return { ok: false, code, message, hint };
}

const FIX_THE_LINE: Bilingual = {
  zh: '请在文本编辑器中改正该行（常见原因：全角逗号或全角数字、字母 O 与数字 0 混用、多余的空格或单位），然后重新导入。',
  en: 'Correct that line in a text editor (common causes: full-width commas or digits, letter O for zero, stray spaces or units), then import again.',
};

// ------------------------------------------------------------------------ CRS from [属性描述]

type Datum = 'cgcs2000' | 'xian80' | 'beijing54' | 'wgs84' | 'other' | 'unstated';

/** 坐标系 as written: "2000国家大地坐标系", "CGCS2000", "1980西安坐标系", "北京54" … */
function datumOf(text: string): Datum {
  const value = text.trim();
  if (value === '') return 'unstated';
  if (/2000|cgcs/i.test(value)) return 'cgcs2000';
  if (/西安|xi.?an|1980|80/i.test(value)) return 'xian80';
  if (/北京|beijing|1954|54/i.test(value)) return 'beijing54';
  if (/wgs/i.test(value)) return 'wgs84';
  return 'other';
}

const DATUM_NAMES: Record<Exclude<Datum, 'cgcs2000' | 'unstated'>, Bilingual> = {
  xian80: { zh: '1980 西安坐标系', en: 'Xian 1980' },
  beijing54: { zh: '1954 北京坐标系', en: 'Beijing 1954' },
  wgs84: { zh: 'WGS 84 高斯投影', en: 'WGS 84 Gauss–Krüger' },
  other: { zh: '未知坐标系', en: 'an unknown system' },
};

/** [zone width, zone, zone-prefixed] → the atlas's CRS. Weihai–Rushan lies in 3° zones 40/41 and 6° zone 21. */
const ZONES: { width: number; zone: number; prefixed: boolean; crs: CrsCode }[] = [
  { width: 3, zone: 40, prefixed: true, crs: 'EPSG:4528' },
  { width: 3, zone: 41, prefixed: true, crs: 'EPSG:4529' },
  { width: 3, zone: 40, prefixed: false, crs: 'EPSG:4549' },
  { width: 3, zone: 41, prefixed: false, crs: 'EPSG:4550' },
  { width: 6, zone: 21, prefixed: true, crs: 'EPSG:4499' },
  { width: 6, zone: 21, prefixed: false, crs: 'EPSG:4510' },
];

type Declared = { ok: true; declared?: SourceLayer['declared']; warnings: Bilingual[] } | Refusal;

/**
 * The CRS the [属性描述] block states, checked against the eastings: a zone-prefixed Y must
 * start with the 带号. Returns no declaration (detection from the numbers) when 坐标系 is
 * empty, and nothing to check when the user chose the CRS.
 */
function declaredCrs(attributes: Map<string, string>, points: PointLine[], options: ImportOptions): Declared {
  const system = attributes.get('坐标系') ?? '';
  const datum = datumOf(system);
  if (options.crs) {
    // The reviewer's choice stands; a stated datum the atlas cannot convert is said.
    if (datum === 'cgcs2000' || datum === 'unstated') return { ok: true, warnings: [] };
    const name = DATUM_NAMES[datum];
    const stated = { zh: `[属性描述] 的坐标系“${cleanFileText(system)}”（${name.zh}）`, en: `The datum "${cleanFileText(system)}" (${name.en}) of [属性描述]` };
    return { ok: true, warnings: [chosenOverDeclared(stated, options.crs)] };
  }
  const warnings: Bilingual[] = [];
  const zoneText = (attributes.get('带号') ?? '').trim();
  const widthText = (attributes.get('几度分带') ?? '').replace(/度|°/g, '').trim();
  const projection = (attributes.get('投影类型') ?? '').trim();
  const unit = (attributes.get('计量单位') ?? '').trim();
  const stated: Bilingual = {
    zh: `[属性描述] 坐标系=${cleanFileText(system)}、几度分带=${cleanFileText(widthText)}、带号=${cleanFileText(zoneText)}`,
    en: `[属性描述] 坐标系 (datum)=${cleanFileText(system)}, 几度分带 (zone width)=${cleanFileText(widthText)}, 带号 (zone)=${cleanFileText(zoneText)}`,
  };
  if (datum !== 'cgcs2000' && datum !== 'unstated') {
    const name = DATUM_NAMES[datum];
    return refuse(
      'UNSUPPORTED_CRS',
      {
        zh: `文件声明的坐标系“${cleanFileText(system)}”（${name.zh}）不受支持：本图集只换算 CGCS2000（2000国家大地坐标系）及其高斯-克吕格投影。`,
        en: `The file declares the coordinate system "${cleanFileText(system)}" (${name.en}), which is not supported: the atlas converts only CGCS2000 (2000国家大地坐标系) and its Gauss–Krüger grids.`,
      },
      UNSUPPORTED_CRS_HINT,
    );
  }
  if (projection !== '' && !/高斯|gauss/i.test(projection)) {
    return refuse(
      'UNSUPPORTED_CRS',
      {
        zh: `文件声明的投影类型“${cleanFileText(projection)}”不受支持，只能读取高斯-克吕格投影坐标。`,
        en: `The file declares the projection "${cleanFileText(projection)}", which is not supported; only Gauss–Krüger coordinates are read.`,
      },
      UNSUPPORTED_CRS_HINT,
    );
  }
  if (unit !== '' && !/^(米|m|metres?|meters?)$/i.test(unit)) {
    return refuse(
      'UNSUPPORTED_CRS',
      {
        zh: `文件声明的计量单位“${cleanFileText(unit)}”不受支持，坐标须以米为单位。`,
        en: `The file declares the unit "${cleanFileText(unit)}", which is not supported; coordinates must be in metres.`,
      },
      UNSUPPORTED_CRS_HINT,
    );
  }
  if (datum === 'unstated') {
    warnings.push({
      zh: '[属性描述] 未填写坐标系，已按坐标数值判断，请核对。',
      en: '[属性描述] states no coordinate system; it was detected from the numbers — check it.',
    });
    return { ok: true, warnings };
  }
  // Zone-prefixed eastings have 8 integer digits (the 2-digit zone + 6); unprefixed ones 6.
  const prefixed = points.every((point) => point.position[0] >= 10_000_000);
  const unprefixed = points.every((point) => point.position[0] < 1_000_000);
  let zone = zoneText === '' ? undefined : Number(zoneText);
  if (zone === undefined && prefixed) zone = Math.floor(points[0].position[0] / 1_000_000);
  if (zone === undefined || !Number.isInteger(zone)) {
    if (zoneText !== '') {
      return refuse(
        'UNSUPPORTED_CRS',
        { zh: `[属性描述] 的带号“${cleanFileText(zoneText)}”不是整数。`, en: `The 带号 (zone number) "${cleanFileText(zoneText)}" in [属性描述] is not an integer.` },
        { zh: '请填写正确的带号（本地区为 3 度带 40 或 41），或在导入时手动选择坐标系。', en: 'Enter the right zone (40 or 41 for 3° zones here), or choose the CRS by hand when importing.' },
      );
    }
    warnings.push({
      zh: '[属性描述] 未填写带号，且 Y 坐标不带带号，已按坐标数值判断中央经线，请核对。',
      en: '[属性描述] gives no zone and the Y values carry no zone prefix; the central meridian was detected from the numbers — check it.',
    });
    return { ok: true, warnings };
  }
  // China's 3° zones are numbered 24–45, its 6° zones 13–23, so the zone also tells the width.
  const width = widthText === '' ? (zone >= 24 ? 3 : 6) : Number(widthText);
  if (prefixed) {
    const wrong = points.find((point) => Math.floor(point.position[0] / 1_000_000) !== zone);
    if (wrong) {
      return refuse(
        'UNSUPPORTED_CRS',
        {
          zh: `第 ${wrong.line} 行（点号 ${cleanFileText(wrong.name)}）的 Y 坐标 ${wrong.position[0]} 以 ${Math.floor(wrong.position[0] / 1_000_000)} 开头，与 [属性描述] 的带号 ${zone} 不符。`,
          en: `Line ${wrong.line} (point ${cleanFileText(wrong.name)}): Y ${wrong.position[0]} starts with zone ${Math.floor(wrong.position[0] / 1_000_000)}, but [属性描述] gives 带号 (zone) ${zone}.`,
        },
        {
          zh: '一个报盘文件的坐标须在同一带内：请改正带号或坐标，或在导入时手动选择坐标系。',
          en: 'All coordinates of one file must be in one zone: correct the zone or the coordinates, or choose the CRS by hand when importing.',
        },
      );
    }
  } else if (!unprefixed) {
    return refuse(
      'UNSUPPORTED_CRS',
      {
        zh: 'Y 坐标有的带带号（8 位整数）、有的不带（6 位整数），无法确定坐标系。',
        en: 'Some Y values carry the zone prefix (8 integer digits) and some do not (6), so the CRS cannot be determined.',
      },
      { zh: '请统一 Y 坐标的写法后重新导入，或在导入时手动选择坐标系。', en: 'Write all Y values the same way and import again, or choose the CRS by hand when importing.' },
    );
  }
  const match = ZONES.find((entry) => entry.width === width && entry.zone === zone && entry.prefixed === prefixed);
  if (!match) {
    return refuse(
      'UNSUPPORTED_CRS',
      {
        zh: `${stated.zh}：${width} 度带第 ${zone} 带不在威海—乳山范围内（本图集支持 3 度带第 40、41 带和 6 度带第 21 带）。`,
        en: `${stated.en}: ${width}° zone ${zone} does not cover Weihai–Rushan (the atlas supports 3° zones 40 and 41 and 6° zone 21).`,
      },
      UNSUPPORTED_CRS_HINT,
    );
  }
  const parameters = (attributes.get('转换参数') ?? '').split(',').map((value) => value.trim());
  if (parameters.some((value) => value !== '' && Number(value) !== 0)) {
    warnings.push({
      zh: `[属性描述] 的转换参数（${cleanFileText(attributes.get('转换参数'))}）未使用：坐标按所声明的 CGCS2000 直接读取。`,
      en: `The 转换参数 (transformation parameters, ${cleanFileText(attributes.get('转换参数'))}) in [属性描述] were not applied: coordinates were read as the declared CGCS2000.`,
    });
  }
  return { ok: true, declared: { crs: match.crs, source: stated }, warnings };
}

// ------------------------------------------------------------------------ parcels

function areaText(hectares: number): string {
  return hectares.toFixed(4);
}

/**
 * Rings of a parcel as polygons: 圈号 1 opens the first polygon; a later ring inside a
 * polygon's outer ring (and not inside one of its holes) is a hole of it, any other ring
 * opens a polygon of its own (a parcel in several pieces, or an island inside a hole).
 */
function assemble(rings: Position[][]): Position[][][] {
  const polygons: Position[][][] = [];
  const within = (ring: Position[], container: Position[]) =>
    ring.slice(0, -1).every((point) => pointInRings(point, [container]) || distanceToRing(point, container) <= CLOSURE_M);
  for (const ring of rings) {
    const host = polygons.find((polygon) => within(ring, polygon[0]) && !polygon.slice(1).some((hole) => within(ring, hole)));
    if (host) host.push(ring);
    else polygons.push([ring]);
  }
  return polygons;
}

type Built = { ok: true; feature: SourceFeature; warnings: Bilingual[] } | Refusal;

function buildParcel(parcel: Parcel, index: number): Built {
  const [count, area, id, name, shape, sheet, use, landClass] = parcel.fields;
  const label = cleanFileText(id || name || String(index + 1));
  const shownName = cleanFileText(name);
  const lastLine = parcel.points.length > 0 ? parcel.points[parcel.points.length - 1].line : parcel.line;
  const where: Bilingual = {
    zh: `地块 ${label}${shownName && shownName !== label ? `（${shownName}）` : ''}（第 ${parcel.line}–${lastLine} 行）`,
    en: `parcel ${label}${shownName && shownName !== label ? ` (${shownName})` : ''} (lines ${parcel.line}–${lastLine})`,
  };
  if (shape && shape !== '面') {
    return refuse(
      'INVALID_GEOMETRY',
      {
        zh: `${where.zh}的图形属性为“${cleanFileText(shape)}”，只能导入“面”（地块范围）。`,
        en: `${where.en} has the shape type (图形属性) "${cleanFileText(shape)}"; only "面" (area) parcels can be imported.`,
      },
      { zh: '请从文件中删除点、线记录，或将其改为闭合的面。', en: 'Remove point and line records from the file, or make them closed areas.' },
    );
  }
  if (parcel.points.length === 0) {
    return refuse(
      'TOO_FEW_POINTS',
      { zh: `${where.zh}的标题行之后没有界址点。`, en: `${where.en}: no boundary points follow its header line.` },
      { zh: '请在标题行（以 @ 结尾）之后逐行填写“点号,圈号,X,Y”。', en: 'Below the header line (ending in @), write one "point,ring,X,Y" line per boundary point.' },
    );
  }
  // Consecutive lines with the same 圈号 form one ring.
  const groups: PointLine[][] = [];
  for (const point of parcel.points) {
    const current = groups[groups.length - 1];
    if (current && current[0].ring === point.ring) current.push(point);
    else groups.push([point]);
  }
  const rings: Position[][] = [];
  for (const group of groups) {
    const first = group[0];
    const last = group[group.length - 1];
    const ringWhere: Bilingual = {
      zh: `${where.zh}第 ${first.ring} 圈（第 ${first.line}–${last.line} 行）`,
      en: `${where.en}, ring ${first.ring} (lines ${first.line}–${last.line})`,
    };
    if (group.length < 4) {
      return refuse(
        'TOO_FEW_POINTS',
        {
          zh: `${ringWhere.zh}只有 ${group.length} 行界址点；一圈至少需要 3 个不同的点，再加回到首点的闭合点。`,
          en: `${ringWhere.en} has only ${group.length} point line(s); a ring needs at least 3 distinct points plus the closing repeat of the first.`,
        },
        { zh: '请补全该圈的界址点，或检查圈号是否填错。', en: 'Complete the boundary points of that ring, or check its 圈号 (ring number).' },
      );
    }
    const gap = Math.hypot(first.position[0] - last.position[0], first.position[1] - last.position[1]);
    if (gap > CLOSURE_M) {
      return refuse(
        'OPEN_POLYLINE',
        {
          zh: `${ringWhere.zh}未闭合：末点 ${cleanFileText(last.name)}（第 ${last.line} 行）与首点 ${cleanFileText(first.name)}（第 ${first.line} 行）相距 ${gap.toFixed(3)} 米。报盘格式要求每圈以首点结束。`,
          en: `${ringWhere.en} is not closed: its last point ${cleanFileText(last.name)} (line ${last.line}) is ${gap.toFixed(3)} m from its first point ${cleanFileText(first.name)} (line ${first.line}). The format requires each ring to end on its first point.`,
        },
        {
          zh: `请在该圈末尾补一行与首点 ${cleanFileText(first.name)} 相同的坐标；若文件被截断，请重新导出。`,
          en: `Add a line repeating the first point ${cleanFileText(first.name)} at the end of that ring; if the file was cut short, export it again.`,
        },
      );
    }
    rings.push(group.map((point) => point.position));
  }
  const polygons = assemble(rings);
  const warnings: Bilingual[] = [];
  const declaredCount = Number(count);
  if (count !== '' && declaredCount !== parcel.points.length) {
    warnings.push({
      zh: `${where.zh}标题行的界址点数为 ${cleanFileText(count)}，实际有 ${parcel.points.length} 行界址点。`,
      en: `${where.en}: the header gives ${cleanFileText(count)} boundary points, but ${parcel.points.length} point lines follow.`,
    });
  }
  // 地块面积 is the planar (Gauss–Krüger) area in hectares; compare it with the rings.
  const hectares = polygonsArea(polygons) / 10_000;
  const declaredArea = area === '' ? null : Number(area);
  if (declaredArea !== null) {
    const decimals = area.includes('.') ? area.length - area.indexOf('.') - 1 : 0;
    const tolerance = Math.max(0.5 * 10 ** -decimals, hectares * 0.001);
    if (Math.abs(declaredArea - hectares) > tolerance) {
      warnings.push({
        zh: `${where.zh}标题行的地块面积为 ${cleanFileText(area)} 公顷，按界址点坐标计算为 ${areaText(hectares)} 公顷，请核对。`,
        en: `${where.en}: the header gives an area of ${cleanFileText(area)} ha, the boundary points enclose ${areaText(hectares)} ha — check it.`,
      });
    }
  }
  const properties: Record<string, unknown> = {};
  // Text stays text (never HTML); empty fields stay absent rather than invented.
  if (id) properties[BAOPAN_KEYS.id] = id;
  if (name) properties[BAOPAN_KEYS.name] = name;
  if (declaredArea !== null) properties[BAOPAN_KEYS.area] = declaredArea;
  if (use) properties[BAOPAN_KEYS.use] = use;
  if (landClass) properties[BAOPAN_KEYS.landClass] = landClass;
  if (sheet) properties[BAOPAN_KEYS.sheet] = sheet;
  properties.boundary_points = groups.map((group) => group.map((point) => point.name).join(',')).join(';');
  const geometry: Geometry =
    polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
  return { ok: true, feature: { geometry, properties, where }, warnings };
}

// ------------------------------------------------------------------------ reading

/**
 * Reads a 电子报盘 coordinate file into parcels (one feature per 地块, holes and further
 * rings from 圈号), converted to lon/lat through the shared import path.
 *
 * @param bytes the whole file (GBK as the submission software writes it, or UTF-8/UTF-16)
 * @param options file name for messages; `crs` overrides the [属性描述] declaration
 * @returns parcels in lon/lat with 地块编号, 地块名称, 地块面积(公顷), 地块用途, 地类编码, 图幅号,
 *   or the first error (file, line, what to do) and nothing else
 */
export async function readBaopanTxt(bytes: Uint8Array, options: ImportOptions): Promise<ImportOutcome> {
  const file = options.fileName;
  const limits = importLimits(options);
  const { text, encoding } = decodeText(bytes);
  const lines = text.split(/\r\n|\r|\n/);
  const attributes = new Map<string, string>();
  const parcels: Parcel[] = [];
  const points: PointLine[] = [];
  let section: '' | '属性描述' | '地块坐标' = '';
  let sawCoordinates = false;
  const failAt = (code: ImportErrorCode, message: Bilingual, hint: Bilingual) => fail(importError(code, file, message, hint));
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const content = raw.replace(/^\uFEFF/, '').trim();
    if (content === '') continue;
    const header = SECTION.exec(content);
    if (header) {
      section = header[1] as '属性描述' | '地块坐标';
      if (section === '地块坐标') sawCoordinates = true;
      continue;
    }
    if (section === '属性描述') {
      const equals = content.search(/[=＝]/);
      if (equals > 0) attributes.set(content.slice(0, equals).trim(), content.slice(equals + 1).trim());
      continue;
    }
    if (section !== '地块坐标') continue; // text before the first section: a title or a note
    const fields = content.split(',').map((field) => field.trim());
    if (fields[fields.length - 1] === '@') {
      parcels.push({ line, fields: fields.slice(0, -1), points: [] });
      continue;
    }
    const parcel = parcels[parcels.length - 1];
    if (!parcel) {
      return failAt(
        'PARSE_ERROR',
        {
          zh: `第 ${line} 行“${cleanFileText(content)}”出现在第一个地块标题行之前。`,
          en: `Line ${line} "${cleanFileText(content)}" comes before the first parcel header line.`,
        },
        {
          zh: '[地块坐标] 之后须先写地块标题行“界址点数,地块面积,地块编号,地块名称,面,图幅号,地块用途,地类编码,@”，再写界址点。',
          en: 'After [地块坐标], each parcel starts with a header line "points,area (ha),id,name,面,sheet,use,class code,@" followed by its points.',
        },
      );
    }
    if (fields.length < 4) {
      return failAt(
        'PARSE_ERROR',
        {
          zh: `第 ${line} 行“${cleanFileText(content)}”不是“点号,圈号,X,Y”的格式，也不是以 @ 结尾的地块标题行。`,
          en: `Line ${line} "${cleanFileText(content)}" is neither a "point,ring,X,Y" line nor a parcel header ending in @.`,
        },
        FIX_THE_LINE,
      );
    }
    const [name, ringText, xText, yText] = fields;
    if (!/^\d+$/.test(ringText) || Number(ringText) < 1) {
      return failAt(
        'NON_NUMERIC_CELL',
        {
          zh: `第 ${line} 行（点号 ${cleanFileText(name) || '—'}）的圈号“${cleanFileText(ringText)}”不是正整数。`,
          en: `Line ${line} (point ${cleanFileText(name) || '—'}): the ring number (圈号) "${cleanFileText(ringText)}" is not a positive integer.`,
        },
        FIX_THE_LINE,
      );
    }
    for (const [value, axis] of [
      [xText, 'X'],
      [yText, 'Y'],
    ] as const) {
      if (!NUMBER.test(value)) {
        return failAt(
          'NON_NUMERIC_CELL',
          {
            zh: `第 ${line} 行（点号 ${cleanFileText(name) || '—'}）的 ${axis} 坐标“${cleanFileText(value)}”不是数字。`,
            en: `Line ${line} (point ${cleanFileText(name) || '—'}): the ${axis} coordinate "${cleanFileText(value)}" is not a number.`,
          },
          FIX_THE_LINE,
        );
      }
    }
    // X = northing, Y = easting (survey convention); GeoJSON order is [easting, northing].
    const point: PointLine = { line, name, ring: Number(ringText), position: [Number(yText), Number(xText)] };
    parcel.points.push(point);
    points.push(point);
    // Stop reading at the vertex cap rather than after building every point (issue 11).
    if (points.length > limits.maxVertices) return fail(limitError(file, 'maxVertices', points.length, limits.maxVertices));
  }
  if (!sawCoordinates) {
    return failAt(
      'PARSE_ERROR',
      {
        zh: '文件中没有 [地块坐标] 段，读不到任何界址点。',
        en: 'The file has no [地块坐标] (parcel coordinates) section, so there are no boundary points to read.',
      },
      {
        zh: '电子报盘坐标文件须包含 [属性描述] 和 [地块坐标] 两段；请检查文件是否完整，或从报盘软件重新导出。',
        en: 'A 电子报盘 coordinate file needs an [属性描述] and a [地块坐标] section; check that the file is complete, or export it again from the submission software.',
      },
    );
  }
  if (parcels.length === 0) {
    return failAt(
      'EMPTY_COLLECTION',
      { zh: '[地块坐标] 段中没有地块。', en: 'The [地块坐标] section contains no parcels.' },
      { zh: '请检查是否导出了正确的文件。', en: 'Check that the right file was exported.' },
    );
  }
  const warnings: Bilingual[] = [];
  if (encoding === 'gbk') warnings.push({ zh: '文件按 GBK 编码读取。', en: 'The file was read as GBK-encoded text.' });
  const features: SourceFeature[] = [];
  for (const [index, parcel] of parcels.entries()) {
    const built = buildParcel(parcel, index);
    if (!built.ok) return failAt(built.code, built.message, built.hint);
    features.push(built.feature);
    warnings.push(...built.warnings);
  }
  const declared = declaredCrs(attributes, points, options);
  if (!declared.ok) return failAt(declared.code, declared.message, declared.hint);
  warnings.push(...declared.warnings);
  return completeImport({ format: 'baopan-txt', layers: [{ features, declared: declared.declared }], warnings }, options);
}
