/**
 * Validation of the authored layers (layers/<id>/layer.json + <id>.geojson) and of the
 * built catalog. Pure: no Node APIs, no React, no MapLibre — the build script, the Node
 * CLIs, the unit tests and (later) the app's importer call the same functions.
 *
 * Every function returns a list of problems (empty = valid). Each problem is one line in
 * English and Chinese naming the file, the layer id, the feature id and the field, so a
 * planner can find and fix it without reading code (CONVENTIONS: failures are values).
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import {
  ACCURACIES,
  EXTENT_KINDS,
  LAYER_GROUPS,
  type GeometryKind,
  type Lang,
  type LayerMeta,
} from './catalog-types';

/**
 * The atlas region: Weihai, Rushan and the neighbouring Yantai/Qingdao counties the
 * 莱荣高铁 crosses (莱西 at 120.53°E), plus their sea. Coordinates outside are almost
 * always swapped lon/lat, projected metres or a typo. [west, south, east, north].
 */
export const ATLAS_REGION: readonly [number, number, number, number] = [119, 35.5, 124, 38.5];

export const GEOMETRY_KINDS: readonly GeometryKind[] = ['Polygon', 'LineString', 'Point'];
const STYLE_TYPES = ['fill', 'line', 'circle'] as const;
const FIELD_UNITS = ['km2', 'mu', 'ha', 'm2', 'km', 'm', 'km/h', 'yuan-yi', 'yuan-wan', 'date', 'percent', 't', 'text'] as const;
/** FieldSpec.lang: the interface languages. */
const FIELD_LANGS: readonly Lang[] = ['zh', 'en'];
/** Layer ids become file names and URL fragments (`layers=<id,...>`): kebab-case only. */
const LAYER_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const COLOUR_PATTERN = /^#[0-9a-fA-F]{6}$/;
const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const LAYER_META_KEYS = new Set([
  'id', 'title', 'description', 'group', 'geometryType', 'style', 'provenance', 'licence',
  'attribution', 'visible', 'order', 'fields',
]);
const STYLE_KEYS = new Set([
  'type', 'color', 'outline', 'width', 'dash', 'radius', 'fillOpacity', 'colorBy', 'label', 'minzoom', 'maxzoom', 'extent',
]);
const CATALOG_LAYER_EXTRA_KEYS = new Set(['url', 'featureCount', 'bbox']);

type Problems = string[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
}

function checkBilingual(value: unknown, where: string, problems: Problems, prefix: string): void {
  if (!isRecord(value)) {
    problems.push(`${prefix}: ${where} must be an object {zh, en} (got ${describe(value)}) / ${where} 应为 {zh, en} 对象`);
    return;
  }
  for (const lang of ['zh', 'en'] as const) {
    if (!isNonEmptyString(value[lang])) {
      problems.push(`${prefix}: ${where}.${lang} must be a non-empty string (got ${describe(value[lang])}) / ${where}.${lang} 应为非空字符串`);
    }
  }
}

function checkOptionalNumber(
  style: Record<string, unknown>,
  key: string,
  prefix: string,
  problems: Problems,
  range?: [number, number],
): void {
  const value = style[key];
  if (value === undefined) return;
  if (!isFiniteNumber(value) || (range && (value < range[0] || value > range[1]))) {
    const rangeText = range ? ` in ${range[0]}–${range[1]}` : '';
    problems.push(`${prefix}: style.${key} must be a number${rangeText} (got ${describe(value)}) / style.${key} 应为数值${range ? `（${range[0]}–${range[1]}）` : ''}`);
  }
}

function checkColour(value: unknown, where: string, prefix: string, problems: Problems): void {
  if (typeof value !== 'string' || !COLOUR_PATTERN.test(value)) {
    problems.push(`${prefix}: ${where} must be a colour #rrggbb (got ${describe(value)}) / ${where} 颜色应为 #rrggbb 格式`);
  }
}

function checkStyle(style: unknown, geometryType: unknown, prefix: string, problems: Problems): void {
  if (!isRecord(style)) {
    problems.push(`${prefix}: style must be an object (got ${describe(style)}) / style 应为对象`);
    return;
  }
  for (const key of Object.keys(style)) {
    if (!STYLE_KEYS.has(key)) {
      problems.push(`${prefix}: unknown key style.${key} / 未知字段 style.${key}`);
    }
  }
  if (!STYLE_TYPES.includes(style.type as (typeof STYLE_TYPES)[number])) {
    problems.push(`${prefix}: style.type must be one of ${STYLE_TYPES.join(', ')} (got ${describe(style.type)}) / style.type 应为 ${STYLE_TYPES.join('、')} 之一`);
  } else if (typeof geometryType === 'string') {
    // A fill cannot draw a line, a circle needs points: the pair must agree or the layer is invisible.
    const expected: Record<GeometryKind, string[]> = { Polygon: ['fill', 'line'], LineString: ['line'], Point: ['circle'] };
    const allowed = expected[geometryType as GeometryKind];
    if (allowed && !allowed.includes(style.type as string)) {
      problems.push(`${prefix}: style.type "${String(style.type)}" cannot draw geometryType ${geometryType} (use ${allowed.join(' or ')}) / 样式类型 "${String(style.type)}" 无法绘制 ${geometryType}（应为 ${allowed.join(' 或 ')}）`);
    }
  }
  checkColour(style.color, 'style.color', prefix, problems);
  if (style.outline !== undefined) checkColour(style.outline, 'style.outline', prefix, problems);
  checkOptionalNumber(style, 'width', prefix, problems, [0, 100]);
  checkOptionalNumber(style, 'radius', prefix, problems, [0, 100]);
  checkOptionalNumber(style, 'fillOpacity', prefix, problems, [0, 1]);
  checkOptionalNumber(style, 'minzoom', prefix, problems, [0, 24]);
  checkOptionalNumber(style, 'maxzoom', prefix, problems, [0, 24]);
  if (style.dash !== undefined) {
    if (!Array.isArray(style.dash) || style.dash.length === 0 || !style.dash.every((part) => isFiniteNumber(part) && part >= 0)) {
      problems.push(`${prefix}: style.dash must be a non-empty list of numbers ≥ 0 (got ${describe(style.dash)}) / style.dash 应为非负数值列表`);
    }
  }
  if (style.extent !== undefined) {
    if (!(EXTENT_KINDS as readonly unknown[]).includes(style.extent)) {
      problems.push(`${prefix}: style.extent must be one of ${EXTENT_KINDS.join(', ')} (got ${describe(style.extent)}) / style.extent 应为 ${EXTENT_KINDS.join('、')} 之一`);
    } else if (style.type !== 'fill') {
      problems.push(`${prefix}: style.extent needs style.type "fill" (got ${describe(style.type)}) / style.extent 仅适用于面图层（style.type 为 fill）`);
    }
  }
  if (style.colorBy !== undefined) {
    const colorBy = style.colorBy;
    if (!isRecord(colorBy) || !isNonEmptyString(colorBy.field) || !isRecord(colorBy.values)) {
      problems.push(`${prefix}: style.colorBy must be {field, values} (got ${describe(colorBy)}) / style.colorBy 应为 {field, values}`);
    } else {
      for (const [code, colour] of Object.entries(colorBy.values)) {
        checkColour(colour, `style.colorBy.values.${code}`, prefix, problems);
      }
      if (colorBy.labels !== undefined) {
        const labels = colorBy.labels;
        if (!isRecord(labels)) {
          problems.push(`${prefix}: style.colorBy.labels must map values to {zh, en} (got ${describe(labels)}) / style.colorBy.labels 应为取值到 {zh, en} 的对照`);
        } else {
          for (const [code, label] of Object.entries(labels)) {
            if (!(code in colorBy.values)) {
              problems.push(`${prefix}: style.colorBy.labels.${code} labels a value without a colour / style.colorBy.labels.${code} 没有对应的颜色`);
            }
            if (!isRecord(label) || !isNonEmptyString(label.zh) || !isNonEmptyString(label.en)) {
              problems.push(`${prefix}: style.colorBy.labels.${code} must be {zh, en}, both non-empty (got ${describe(label)}) / style.colorBy.labels.${code} 应为非空的 {zh, en}`);
            }
          }
        }
      }
    }
  }
  if (style.label !== undefined) {
    const label = style.label;
    if (!isRecord(label)) {
      problems.push(`${prefix}: style.label must be an object (got ${describe(label)}) / style.label 应为对象`);
    } else {
      for (const key of Object.keys(label)) {
        if (!['minzoom', 'maxzoom', 'size', 'color', 'halo'].includes(key)) {
          problems.push(`${prefix}: unknown key style.label.${key} / 未知字段 style.label.${key}`);
        }
      }
      if (label.minzoom !== undefined && !(isFiniteNumber(label.minzoom) && label.minzoom >= 0 && label.minzoom <= 24)) {
        problems.push(`${prefix}: style.label.minzoom must be a number in 0–24 (got ${describe(label.minzoom)}) / style.label.minzoom 应为 0–24 的数值`);
      }
      if (label.maxzoom !== undefined && !(isFiniteNumber(label.maxzoom) && label.maxzoom >= 0 && label.maxzoom <= 24)) {
        problems.push(`${prefix}: style.label.maxzoom must be a number in 0–24 (got ${describe(label.maxzoom)}) / style.label.maxzoom 应为 0–24 的数值`);
      } else if (label.maxzoom !== undefined && isFiniteNumber(label.minzoom) && label.maxzoom <= label.minzoom) {
        problems.push(`${prefix}: style.label.maxzoom must be above style.label.minzoom / style.label.maxzoom 应大于 style.label.minzoom`);
      }
      if (label.size !== undefined && !(isFiniteNumber(label.size) && label.size > 0)) {
        problems.push(`${prefix}: style.label.size must be a positive number (got ${describe(label.size)}) / style.label.size 应为正数`);
      }
      if (label.color !== undefined) checkColour(label.color, 'style.label.color', prefix, problems);
      if (label.halo !== undefined) checkColour(label.halo, 'style.label.halo', prefix, problems);
    }
  }
}

/**
 * Words of the team's own notes that mean nothing to a reader of the atlas or of a printed
 * report: seed numbers, the reference file, script and source file names. A citation names
 * documents by title, publisher and date instead; the technical note stays in `source`.
 */
export const CITATION_JARGON: readonly string[] = ['seed 0', 'REFERENCE.md', '.py', '.ts', '.mjs', 'scripts/'];

function checkCitation(citation: unknown, prefix: string, problems: Problems): void {
  const where = 'provenance.citation';
  if (!isRecord(citation)) {
    problems.push(
      `${prefix}: ${where} must be an object {zh, en}: one or two sentences telling a reader where the data come from (got ${describe(citation)}) / ${where} 应为 {zh, en} 对象：用一两句话向读者说明数据出处`,
    );
    return;
  }
  for (const lang of ['zh', 'en'] as const) {
    const text = citation[lang];
    if (!isNonEmptyString(text)) {
      problems.push(`${prefix}: ${where}.${lang} must be a non-empty string (got ${describe(text)}) / ${where}.${lang} 应为非空字符串`);
      continue;
    }
    const lower = text.toLowerCase();
    const jargon = CITATION_JARGON.find((word) => lower.includes(word.toLowerCase()));
    if (jargon) {
      problems.push(
        `${prefix}: ${where}.${lang} contains the internal note "${jargon}"; name the document by its title, publisher and date (the technical note belongs in provenance.source) / ${where}.${lang} 含内部用语 "${jargon}"，请写明文件名称、发布单位和日期（技术说明留在 provenance.source）`,
      );
    }
  }
}

function checkProvenance(provenance: unknown, prefix: string, problems: Problems): void {
  if (!isRecord(provenance)) {
    problems.push(`${prefix}: provenance must be an object {source, citation, date, accuracy} (got ${describe(provenance)}) / provenance 应为 {source, citation, date, accuracy} 对象`);
    return;
  }
  if (!isNonEmptyString(provenance.source)) {
    problems.push(`${prefix}: provenance.source must name the source (got ${describe(provenance.source)}) / provenance.source 应注明数据来源`);
  }
  checkCitation(provenance.citation, prefix, problems);
  if (typeof provenance.date !== 'string' || !ISO_DATE_PATTERN.test(provenance.date) || Number.isNaN(Date.parse(provenance.date))) {
    problems.push(`${prefix}: provenance.date must be an ISO date YYYY-MM-DD (got ${describe(provenance.date)}) / provenance.date 应为 YYYY-MM-DD 日期`);
  }
  if (!ACCURACIES.includes(provenance.accuracy as never)) {
    problems.push(`${prefix}: provenance.accuracy must be one of ${ACCURACIES.join(', ')} (got ${describe(provenance.accuracy)}) / provenance.accuracy 精度应为 ${ACCURACIES.join('、')} 之一`);
  }
  if (provenance.notes !== undefined && typeof provenance.notes !== 'string') {
    problems.push(`${prefix}: provenance.notes must be text (got ${describe(provenance.notes)}) / provenance.notes 应为文本`);
  }
}

function checkFields(fields: unknown, prefix: string, problems: Problems): void {
  if (!Array.isArray(fields)) {
    problems.push(`${prefix}: fields must be a list of field specs (got ${describe(fields)}) / fields 应为字段说明列表`);
    return;
  }
  const seen = new Set<string>();
  fields.forEach((field, index) => {
    const where = `fields[${index}]`;
    if (!isRecord(field)) {
      problems.push(`${prefix}: ${where} must be an object {key, label} / ${where} 应为 {key, label} 对象`);
      return;
    }
    if (!isNonEmptyString(field.key)) {
      problems.push(`${prefix}: ${where}.key must be a non-empty string (got ${describe(field.key)}) / ${where}.key 应为非空字符串`);
    } else if (seen.has(field.key)) {
      problems.push(`${prefix}: ${where}.key "${field.key}" is listed twice / 字段 "${field.key}" 重复`);
    } else {
      seen.add(field.key);
    }
    const name = isNonEmptyString(field.key) ? `fields.${field.key}` : where;
    checkBilingual(field.label, `${name}.label`, problems, prefix);
    if (field.unit !== undefined && !FIELD_UNITS.includes(field.unit as never)) {
      problems.push(`${prefix}: ${name}.unit must be one of ${FIELD_UNITS.join(', ')} (got ${describe(field.unit)}) / ${name}.unit 单位应为 ${FIELD_UNITS.join('、')} 之一`);
    }
    if (field.values !== undefined) {
      if (!isRecord(field.values)) {
        problems.push(`${prefix}: ${name}.values must map codes to {zh, en} (got ${describe(field.values)}) / ${name}.values 应为 代码 → {zh, en} 对照表`);
      } else {
        for (const [code, label] of Object.entries(field.values)) {
          checkBilingual(label, `${name}.values.${code}`, problems, prefix);
        }
      }
    }
    if (field.list !== undefined && typeof field.list !== 'boolean') {
      problems.push(`${prefix}: ${name}.list must be true or false (got ${describe(field.list)}) / ${name}.list 应为 true 或 false`);
    }
    if (field.lang !== undefined && !FIELD_LANGS.includes(field.lang as never)) {
      problems.push(
        `${prefix}: ${name}.lang must be "zh" or "en" (the interface language the field is shown in), or absent to show it in both (got ${describe(field.lang)}) / ${name}.lang 应为 "zh" 或 "en"（只在该界面语言下显示的字段），不填则两种语言都显示`,
      );
    }
    for (const key of Object.keys(field)) {
      if (!['key', 'label', 'unit', 'values', 'list', 'lang'].includes(key)) {
        problems.push(`${prefix}: unknown key ${name}.${key} / 未知字段 ${name}.${key}`);
      }
    }
  });
}

function checkMetaBody(json: Record<string, unknown>, prefix: string, problems: Problems, extraKeys: Set<string>): void {
  for (const key of Object.keys(json)) {
    if (!LAYER_META_KEYS.has(key) && !extraKeys.has(key)) {
      problems.push(`${prefix}: unknown key "${key}" / 未知字段 "${key}"`);
    }
  }
  if (typeof json.id !== 'string' || !LAYER_ID_PATTERN.test(json.id)) {
    problems.push(`${prefix}: id must be kebab-case (a-z, 0-9, -) (got ${describe(json.id)}) / id 应为小写短横线格式`);
  }
  checkBilingual(json.title, 'title', problems, prefix);
  if (json.description !== undefined) checkBilingual(json.description, 'description', problems, prefix);
  if (!LAYER_GROUPS.includes(json.group as never)) {
    problems.push(`${prefix}: group must be one of ${LAYER_GROUPS.join(', ')} (got ${describe(json.group)}) / group 分组应为 ${LAYER_GROUPS.join('、')} 之一`);
  }
  if (!GEOMETRY_KINDS.includes(json.geometryType as never)) {
    problems.push(`${prefix}: geometryType must be one of ${GEOMETRY_KINDS.join(', ')} (got ${describe(json.geometryType)}) / geometryType 几何类型应为 ${GEOMETRY_KINDS.join('、')} 之一`);
  }
  checkStyle(json.style, json.geometryType, prefix, problems);
  checkProvenance(json.provenance, prefix, problems);
  if (!isNonEmptyString(json.licence)) {
    problems.push(`${prefix}: licence must name the data licence, e.g. "CC0-1.0" (got ${describe(json.licence)}) / licence 应注明许可证`);
  }
  if (!isNonEmptyString(json.attribution)) {
    problems.push(`${prefix}: attribution must be a non-empty credit line (got ${describe(json.attribution)}) / attribution 署名不能为空`);
  }
  if (typeof json.visible !== 'boolean') {
    problems.push(`${prefix}: visible must be true or false (got ${describe(json.visible)}) / visible 应为 true 或 false`);
  }
  if (!isFiniteNumber(json.order)) {
    problems.push(`${prefix}: order must be a number (got ${describe(json.order)}) / order 绘制顺序应为数值`);
  }
  checkFields(json.fields, prefix, problems);
}

/**
 * Check a parsed layer.json against {@link LayerMeta}. `file` is the path shown in the
 * messages. Returns the problems, empty when the metadata is valid.
 */
export function validateLayerMeta(json: unknown, file: string): string[] {
  const problems: Problems = [];
  if (!isRecord(json)) {
    return [`${file}: layer.json must hold one object / layer.json 应为一个对象`];
  }
  const prefix = `${file} [${typeof json.id === 'string' ? json.id : '?'}]`;
  checkMetaBody(json, prefix, problems, new Set());
  return problems;
}

/** The GeoJSON geometry types a layer of each kind may hold (Multi* allowed). */
const ALLOWED_GEOMETRIES: Record<GeometryKind, readonly string[]> = {
  Polygon: ['Polygon', 'MultiPolygon'],
  LineString: ['LineString', 'MultiLineString'],
  Point: ['Point', 'MultiPoint'],
};

function checkPosition(position: unknown, where: string, problems: Problems): boolean {
  if (!Array.isArray(position) || position.length < 2 || position.length > 3) {
    problems.push(`${where}: a position must be [lon, lat] (got ${describe(position)}) / 坐标应为 [经度, 纬度]`);
    return false;
  }
  if (!position.every(isFiniteNumber)) {
    problems.push(`${where}: coordinates must be finite numbers (got ${describe(position)}) / 坐标应为有限数值`);
    return false;
  }
  const [lon, lat] = position as number[];
  const [west, south, east, north] = ATLAS_REGION;
  if (lon < west || lon > east || lat < south || lat > north) {
    problems.push(
      `${where}: position [${lon}, ${lat}] is outside the atlas region lon ${west}–${east}, lat ${south}–${north} (swapped lon/lat or projected coordinates?) / 坐标 [${lon}, ${lat}] 超出图集范围（经度 ${west}–${east}，纬度 ${south}–${north}），是否经纬度颠倒或为投影坐标？`,
    );
    return false;
  }
  return true;
}

/** Report at most one coordinate problem per feature: one typo should not print a thousand lines. */
function checkPositions(positions: unknown, where: string, problems: Problems, minimum: number): boolean {
  if (!Array.isArray(positions) || positions.length < minimum) {
    problems.push(`${where}: needs at least ${minimum} positions (got ${Array.isArray(positions) ? positions.length : describe(positions)}) / 至少需要 ${minimum} 个坐标点`);
    return false;
  }
  for (const position of positions) {
    if (!checkPosition(position, where, problems)) return false;
  }
  return true;
}

function checkRings(rings: unknown, where: string, problems: Problems): boolean {
  if (!Array.isArray(rings) || rings.length === 0) {
    problems.push(`${where}: a polygon needs at least one ring / 面至少需要一个环`);
    return false;
  }
  for (let index = 0; index < rings.length; index++) {
    const ringWhere = `${where} ring ${index}`;
    if (!checkPositions(rings[index], ringWhere, problems, 4)) return false;
    const ring = rings[index] as Position[];
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (first[0] !== last[0] || first[1] !== last[1]) {
      problems.push(`${ringWhere}: ring is not closed (first ${describe(first)} ≠ last ${describe(last)}) / 面的环未闭合（首点与末点不同）`);
      return false;
    }
  }
  return true;
}

function checkGeometry(geometry: Geometry, where: string, problems: Problems): void {
  switch (geometry.type) {
    case 'Point':
      checkPosition(geometry.coordinates, where, problems);
      return;
    case 'MultiPoint':
      checkPositions(geometry.coordinates, where, problems, 1);
      return;
    case 'LineString':
      checkPositions(geometry.coordinates, where, problems, 2);
      return;
    case 'MultiLineString':
      if (!Array.isArray(geometry.coordinates) || geometry.coordinates.length === 0) {
        problems.push(`${where}: MultiLineString has no lines / 多线没有线段`);
        return;
      }
      for (const line of geometry.coordinates) {
        if (!checkPositions(line, where, problems, 2)) return;
      }
      return;
    case 'Polygon':
      checkRings(geometry.coordinates, where, problems);
      return;
    case 'MultiPolygon':
      if (!Array.isArray(geometry.coordinates) || geometry.coordinates.length === 0) {
        problems.push(`${where}: MultiPolygon has no polygons / 多面没有面`);
        return;
      }
      for (const polygon of geometry.coordinates) {
        if (!checkRings(polygon, where, problems)) return;
      }
      return;
    default:
      problems.push(`${where}: geometry type ${geometry.type} is not supported / 不支持几何类型 ${geometry.type}`);
  }
}

/**
 * Check a layer's FeatureCollection against its metadata: geometry kind, unique ids,
 * bilingual names, flat scalar properties, finite coordinates inside {@link ATLAS_REGION},
 * closed polygon rings, accuracy codes. Returns the problems, empty when valid.
 */
export function validateLayerFeatures(meta: LayerMeta, fc: unknown, file: string): string[] {
  const problems: Problems = [];
  const layerPrefix = `${file} [${meta.id}]`;
  if (!isRecord(fc) || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    return [`${layerPrefix}: must be a GeoJSON FeatureCollection / 应为 GeoJSON FeatureCollection`];
  }
  const collection = fc as unknown as FeatureCollection;
  if (collection.features.length === 0) {
    problems.push(`${layerPrefix}: the layer has no features / 图层没有要素`);
  }
  const allowed = ALLOWED_GEOMETRIES[meta.geometryType] ?? [];
  const seenIds = new Map<string, number>();
  collection.features.forEach((rawFeature: unknown, index) => {
    const feature = rawFeature as Feature;
    const properties = isRecord(feature?.properties) ? feature.properties : null;
    const featureId = properties && isNonEmptyString(properties.id) ? properties.id : `#${index}`;
    const where = `${layerPrefix} feature ${featureId}`;
    if (!isRecord(feature) || feature.type !== 'Feature') {
      problems.push(`${layerPrefix} feature #${index}: not a GeoJSON Feature / 第 ${index} 项不是 GeoJSON 要素`);
      return;
    }
    if (!properties) {
      problems.push(`${where}: properties are missing / 缺少属性`);
    } else {
      if (!isNonEmptyString(properties.id)) {
        problems.push(`${where}: property id must be a non-empty string (got ${describe(properties.id)}) / 属性 id 应为非空字符串`);
      } else if (seenIds.has(properties.id)) {
        problems.push(`${where}: id "${properties.id}" is used twice (features #${seenIds.get(properties.id)} and #${index}) / 要素 id "${properties.id}" 重复`);
      } else {
        seenIds.set(properties.id, index);
      }
      for (const key of ['name_zh', 'name_en']) {
        if (!isNonEmptyString(properties[key])) {
          problems.push(`${where}: property ${key} must be a non-empty string (got ${describe(properties[key])}) / 属性 ${key} 名称不能为空`);
        }
      }
      if (properties.accuracy !== undefined && properties.accuracy !== null && !ACCURACIES.includes(properties.accuracy as never)) {
        problems.push(`${where}: property accuracy must be one of ${ACCURACIES.join(', ')} (got ${describe(properties.accuracy)}) / 属性 accuracy 精度应为 ${ACCURACIES.join('、')} 之一`);
      }
      for (const [key, value] of Object.entries(properties)) {
        const scalar = value === null || typeof value === 'string' || typeof value === 'boolean' || isFiniteNumber(value);
        if (!scalar) {
          problems.push(`${where}: property ${key} must be a flat scalar (text, number, true/false or null; lists as ';'-joined text) (got ${describe(value)}) / 属性 ${key} 应为单值（文本、数值、布尔或 null；列表用 ';' 连接）`);
        }
      }
    }
    const geometry = feature.geometry;
    if (!isRecord(geometry) || typeof geometry.type !== 'string') {
      problems.push(`${where}: geometry is missing / 缺少几何`);
      return;
    }
    if (!allowed.includes(geometry.type)) {
      problems.push(`${where}: geometry type ${geometry.type} does not match the layer's geometryType ${meta.geometryType} (allowed: ${allowed.join(', ')}) / 几何类型 ${geometry.type} 与图层类型 ${meta.geometryType} 不符`);
      return;
    }
    checkGeometry(geometry, where, problems);
  });
  checkColumnKinds(collection, layerPrefix, problems);
  return problems;
}

/**
 * FlatGeobuf stores one typed column per key: a key that is a number in one feature and
 * text in another would turn the whole column into text and break unit conversion in the
 * inspector. Unknown values are null or absent (catalog-types: never "unknown" text).
 */
function checkColumnKinds(collection: FeatureCollection, layerPrefix: string, problems: Problems): void {
  const firstKind = new Map<string, { kind: string; featureId: string }>();
  const reported = new Set<string>();
  collection.features.forEach((feature, index) => {
    if (!isRecord(feature?.properties)) return;
    const featureId = isNonEmptyString(feature.properties.id) ? feature.properties.id : `#${index}`;
    for (const [key, value] of Object.entries(feature.properties)) {
      if (value === null || value === undefined) continue;
      const kind = typeof value;
      const first = firstKind.get(key);
      if (!first) {
        firstKind.set(key, { kind, featureId });
      } else if (first.kind !== kind && !reported.has(key)) {
        reported.add(key);
        problems.push(
          `${layerPrefix} feature ${featureId}: property ${key} is ${kind} here but ${first.kind} in feature ${first.featureId}; use one type per property (unknown = null) / 属性 ${key} 在此为 ${kind}，在要素 ${first.featureId} 中为 ${first.kind}，同一属性应使用同一类型（未知值用 null）`,
        );
      }
    }
  });
}

/**
 * Check a parsed public/data/catalog.json against the {@link Catalog} type: version 1,
 * ISO timestamp, every layer a valid {@link LayerMeta} plus url, featureCount and bbox,
 * unique ids, sorted by order.
 */
export function validateCatalog(json: unknown): string[] {
  const file = 'catalog.json';
  if (!isRecord(json)) return [`${file}: must hold one object / 应为一个对象`];
  const problems: Problems = [];
  if (json.version !== 1) {
    problems.push(`${file}: version must be 1 (got ${describe(json.version)}) / version 应为 1`);
  }
  if (typeof json.generated !== 'string' || Number.isNaN(Date.parse(json.generated))) {
    problems.push(`${file}: generated must be an ISO timestamp (got ${describe(json.generated)}) / generated 应为 ISO 时间`);
  }
  if (!Array.isArray(json.layers)) {
    problems.push(`${file}: layers must be a list (got ${describe(json.layers)}) / layers 应为列表`);
    return problems;
  }
  const seen = new Set<string>();
  let previousOrder = -Infinity;
  json.layers.forEach((layer: unknown, index: number) => {
    if (!isRecord(layer)) {
      problems.push(`${file} layers[${index}]: must be an object / 应为对象`);
      return;
    }
    const id = typeof layer.id === 'string' ? layer.id : `#${index}`;
    const prefix = `${file} [${id}]`;
    checkMetaBody(layer, prefix, problems, CATALOG_LAYER_EXTRA_KEYS);
    if (seen.has(id)) problems.push(`${prefix}: layer id is listed twice / 图层 id 重复`);
    seen.add(id);
    if (isFiniteNumber(layer.order)) {
      if (layer.order < previousOrder) {
        problems.push(`${prefix}: layers must be sorted by order / 图层应按 order 排序`);
      }
      previousOrder = layer.order;
    }
    if (layer.url !== `data/${id}.fgb`) {
      problems.push(`${prefix}: url must be "data/${id}.fgb" (got ${describe(layer.url)}) / url 应为 "data/${id}.fgb"`);
    }
    if (!Number.isInteger(layer.featureCount) || (layer.featureCount as number) < 0) {
      problems.push(`${prefix}: featureCount must be a whole number ≥ 0 (got ${describe(layer.featureCount)}) / featureCount 应为非负整数`);
    }
    const bbox = layer.bbox;
    const [west, south, east, north] = ATLAS_REGION;
    if (
      !Array.isArray(bbox) || bbox.length !== 4 || !bbox.every(isFiniteNumber) ||
      bbox[0] > bbox[2] || bbox[1] > bbox[3] ||
      bbox[0] < west || bbox[2] > east || bbox[1] < south || bbox[3] > north
    ) {
      problems.push(`${prefix}: bbox must be [west, south, east, north] inside the atlas region (got ${describe(bbox)}) / bbox 应为图集范围内的 [西, 南, 东, 北]`);
    }
  });
  return problems;
}
