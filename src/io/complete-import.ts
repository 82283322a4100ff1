/**
 * The steps every importer shares once a file has been parsed into coordinates in its own
 * CRS: choose the CRS (user's choice > the file's declaration > detection from the
 * numbers), convert to lon/lat, and validate — region, ring closure, self-intersection.
 * Either every feature passes and all are returned, or an error is returned and nothing
 * is (no half imports).
 */
import type { Feature, FeatureCollection, Geometry, Polygon, Position } from 'geojson';
import { kinks, rewind, unkinkPolygon } from '@turf/turf';
import type { Bilingual } from '../data/catalog-types';
import { CRS_INFO, unprojectGeometry, type CrsCode } from '../crs/projections';
import { ATLAS_REGION, detectCrs, isCrsDetectionError, type CrsAssumption } from '../crs/detect';
import { fail, ok, type ImportError, type ImportErrorCode, type ImportOptions, type ImportOutcome } from './types';

/** One feature as read from the file, coordinates still in the file's CRS and axis order. */
export interface SourceFeature {
  geometry: Geometry | null;
  properties: Record<string, unknown>;
  /** Where the feature is in the file, for messages: "feature 2 (RS-B-02)", "layer X, handle 2A". */
  where: Bilingual;
}

/** A group of features sharing one CRS (a shapefile inside a zip, the whole file otherwise). */
export interface SourceLayer {
  name?: string;
  features: SourceFeature[];
  /** A CRS the file states itself (.prj, GeoJSON `crs`, FlatGeobuf header, KML by spec). */
  declared?: { crs: CrsCode; source: Bilingual };
}

export interface SourceData {
  format: string;
  layers: SourceLayer[];
  warnings: Bilingual[];
}

export function importError(code: ImportErrorCode, file: string, message: Bilingual, hint: Bilingual): ImportError {
  return { code, file, message, hint };
}

const NAME_KEYS = ['地块编号', '宗地号', '宗地编号', 'parcel_id', 'parcel', 'name', 'NAME', 'Name', '名称', 'id', 'ID'];

/** "第 2 个要素（RS-B-02）" / "feature 2 (RS-B-02)": 1-based index plus a name when the properties have one. */
export function describeFeature(index: number, properties: Record<string, unknown> | null | undefined): Bilingual {
  const key = NAME_KEYS.find((candidate) => {
    const value = properties?.[candidate];
    return typeof value === 'string' ? value.trim() !== '' : typeof value === 'number';
  });
  const name = key ? String(properties?.[key]) : '';
  return {
    zh: `第 ${index + 1} 个要素${name ? `（${name}）` : ''}`,
    en: `feature ${index + 1}${name ? ` (${name})` : ''}`,
  };
}

function* positionsOf(geometry: Geometry): Generator<Position> {
  switch (geometry.type) {
    case 'Point':
      yield geometry.coordinates;
      return;
    case 'MultiPoint':
    case 'LineString':
      yield* geometry.coordinates;
      return;
    case 'MultiLineString':
    case 'Polygon':
      for (const line of geometry.coordinates) yield* line;
      return;
    case 'MultiPolygon':
      for (const polygon of geometry.coordinates) for (const ring of polygon) yield* ring;
      return;
    case 'GeometryCollection':
      for (const part of geometry.geometries) yield* positionsOf(part);
      return;
  }
}

function swapAxes<G extends Geometry>(geometry: G): G {
  const swapPosition = (position: Position): Position => [position[1], position[0], ...position.slice(2)];
  switch (geometry.type) {
    case 'Point':
      return { ...geometry, coordinates: swapPosition(geometry.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...geometry, coordinates: geometry.coordinates.map(swapPosition) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...geometry, coordinates: geometry.coordinates.map((line) => line.map(swapPosition)) };
    case 'MultiPolygon':
      return { ...geometry, coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(swapPosition))) };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map((part) => swapAxes(part)) };
  }
}

/** Largest number of positions handed to CRS detection; detection samples further itself. */
const DETECTION_SAMPLE = 20_000;

function samplePairs(features: SourceFeature[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (const feature of features) {
    if (!feature.geometry) continue;
    for (const position of positionsOf(feature.geometry)) {
      pairs.push([position[0], position[1]]);
      if (pairs.length >= DETECTION_SAMPLE) return pairs;
    }
  }
  return pairs;
}

type Resolved = { ok: true; assumption: CrsAssumption } | { ok: false; error: ImportError };

function resolveCrs(layer: SourceLayer, options: ImportOptions): Resolved {
  const pairs = samplePairs(layer.features);
  const chosen = options.crs ?? layer.declared?.crs;
  const result = detectCrs(pairs, chosen);
  if (isCrsDetectionError(result)) {
    const code: ImportErrorCode = result.error === 'unrecognised' ? 'CRS_UNDETECTED' : 'INVALID_GEOMETRY';
    return {
      ok: false,
      error: importError(code, options.fileName, result.message, {
        zh: '请在导入时手动选择坐标系，或检查文件中的坐标数值。',
        en: 'Choose the CRS by hand when importing, or check the coordinate values in the file.',
      }),
    };
  }
  let assumption: CrsAssumption = result;
  if (!options.crs && layer.declared) {
    // detectCrs(…, given) words its reason as a user's choice; a declaration in the file is not.
    const info = CRS_INFO[layer.declared.crs];
    const swapNote: Bilingual = result.axisSwapped
      ? { zh: '坐标轴顺序与声明相反，已对调。', en: 'The axis order is the reverse of the declaration; swapped.' }
      : { zh: '', en: '' };
    assumption = {
      ...result,
      detected: false,
      reason: {
        zh: `${layer.declared.source.zh}：${layer.declared.crs}（${info.label.zh}）。${swapNote.zh}`,
        en: `${layer.declared.source.en}: ${layer.declared.crs} (${info.label.en}).${swapNote.en ? ` ${swapNote.en}` : ''}`,
      },
    };
  }
  if (options.axisSwapped !== undefined && options.axisSwapped !== assumption.axisSwapped) {
    assumption = {
      ...assumption,
      axisSwapped: options.axisSwapped,
      reason: {
        zh: `${assumption.reason.zh}坐标轴顺序由用户指定（${options.axisSwapped ? '对调' : '不对调'}）。`,
        en: `${assumption.reason.en} Axis order set by the user (${options.axisSwapped ? 'swapped' : 'as written'}).`,
      },
    };
  }
  return { ok: true, assumption };
}

function formatLonLat(position: Position): string {
  return `${position[0].toFixed(4)}°E, ${position[1].toFixed(4)}°N`;
}

function checkRegion(geometry: Geometry): Position | undefined {
  for (const position of positionsOf(geometry)) {
    const [lon, lat] = position;
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return position;
    if (lon < ATLAS_REGION.west || lon > ATLAS_REGION.east || lat < ATLAS_REGION.south || lat > ATLAS_REGION.north) {
      return position;
    }
  }
  return undefined;
}

function samePosition(first: Position, second: Position): boolean {
  return first[0] === second[0] && first[1] === second[1];
}

type RingCheck = { ok: true; polygon: Position[][]; closed: boolean } | { ok: false; ringIndex: number; count: number };

/** Closes open rings (a warning, not an error: GeoJSON writers sometimes drop the repeat) and counts vertices. */
function closeRings(polygon: Position[][]): RingCheck {
  let closed = false;
  const rings: Position[][] = [];
  for (const [ringIndex, ring] of polygon.entries()) {
    let copy = ring;
    if (ring.length > 0 && !samePosition(ring[0], ring[ring.length - 1])) {
      copy = [...ring, ring[0]];
      closed = true;
    }
    // A ring needs three distinct corners plus the closing repeat (RFC 7946 §3.1.6).
    if (copy.length < 4) return { ok: false, ringIndex, count: Math.max(0, copy.length - 1) };
    rings.push(copy);
  }
  return { ok: true, polygon: rings, closed };
}

type PolygonOutcome =
  | { ok: true; geometry: Geometry; warnings: Bilingual[] }
  | { ok: false; code: ImportErrorCode; message: Bilingual; hint: Bilingual };

function checkPolygons(geometry: Geometry, where: Bilingual, repair: boolean): PolygonOutcome {
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return { ok: true, geometry, warnings: [] };
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const warnings: Bilingual[] = [];
  const output: Position[][][] = [];
  for (const [partIndex, part] of parts.entries()) {
    const partLabel: Bilingual =
      parts.length > 1 ? { zh: `第 ${partIndex + 1} 部分`, en: `part ${partIndex + 1}` } : { zh: '', en: '' };
    const closed = closeRings(part);
    if (!closed.ok) {
      return {
        ok: false,
        code: 'INVALID_GEOMETRY',
        message: {
          zh: `${where.zh}${partLabel.zh}的第 ${closed.ringIndex + 1} 个环只有 ${closed.count} 个不同顶点，构不成面。`,
          en: `${where.en}${partLabel.en ? `, ${partLabel.en}` : ''}: ring ${closed.ringIndex + 1} has only ${closed.count} distinct vertices, not enough for an area.`,
        },
        hint: { zh: '请删除该要素或补全其边界点。', en: 'Remove the feature or complete its boundary points.' },
      };
    }
    if (closed.closed) {
      warnings.push({
        zh: `${where.zh}的边界未闭合，已自动闭合。`,
        en: `${where.en}: the boundary was not closed; closed automatically.`,
      });
    }
    const polygon: Polygon = { type: 'Polygon', coordinates: closed.polygon };
    const crossings = kinks(polygon).features;
    if (crossings.length === 0) {
      output.push(closed.polygon);
      continue;
    }
    const first = crossings[0].geometry.coordinates;
    if (!repair) {
      return {
        ok: false,
        code: 'SELF_INTERSECTION',
        message: {
          zh: `${where.zh}${partLabel.zh}的边界自相交（${crossings.length} 处，首处约在 ${formatLonLat(first)}），如“8”字形。`,
          en: `${where.en}${partLabel.en ? `, ${partLabel.en}` : ''}: the boundary crosses itself (${crossings.length} crossing(s), the first near ${formatLonLat(first)}), like a bowtie.`,
        },
        hint: {
          zh: '请在原软件中修正顶点顺序，或勾选“自动修复”按交点拆分为多个面后导入。',
          en: 'Fix the vertex order in the source software, or tick "repair" to split it at the crossings into separate polygons.',
        },
      };
    }
    // Repair by splitting at the crossings (turf unkinkPolygon) rather than a buffer(0):
    // buffer(0) keeps only the lobes whose winding matches the exterior and silently drops
    // the reversed lobe of a bowtie, i.e. part of the drawn area; splitting keeps every lobe
    // and adds no area, and the warning says it happened.
    let pieces: Polygon[];
    try {
      pieces = unkinkPolygon(polygon).features.map((piece) => piece.geometry);
    } catch {
      return {
        ok: false,
        code: 'SELF_INTERSECTION',
        message: {
          zh: `${where.zh}的边界自相交，且无法自动修复。`,
          en: `${where.en}: the boundary crosses itself and could not be repaired automatically.`,
        },
        hint: { zh: '请在原软件中修正该要素的边界。', en: 'Fix the boundary of this feature in the source software.' },
      };
    }
    output.push(...pieces.map((piece) => piece.coordinates));
    warnings.push({
      zh: `${where.zh}的边界自相交（${crossings.length} 处），已在交点处拆分为 ${pieces.length} 个面。`,
      en: `${where.en}: the self-intersecting boundary (${crossings.length} crossing(s)) was split at the crossings into ${pieces.length} polygons.`,
    });
  }
  const repaired: Geometry =
    output.length === 1 && geometry.type === 'Polygon'
      ? { type: 'Polygon', coordinates: output[0] }
      : { type: 'MultiPolygon', coordinates: output };
  // RFC 7946 §3.1.6 winding (exterior counter-clockwise), whatever the source wrote
  // (shapefiles store exteriors clockwise).
  return { ok: true, geometry: rewind(repaired) as Geometry, warnings };
}

/**
 * Turns parsed source data into an import result: CRS resolved per layer, coordinates
 * converted to lon/lat, every feature checked. Returns the first error met, with no
 * features.
 */
export function completeImport(source: SourceData, options: ImportOptions): ImportOutcome {
  const file = options.fileName;
  const total = source.layers.reduce((sum, layer) => sum + layer.features.length, 0);
  if (total === 0) {
    return fail(
      importError(
        'EMPTY_COLLECTION',
        file,
        { zh: '文件中没有任何要素。', en: 'The file contains no features.' },
        { zh: '请检查是否导出了正确的图层，或选择其他文件。', en: 'Check that the right layer was exported, or choose another file.' },
      ),
    );
  }
  const warnings = [...source.warnings];
  const features: Feature[] = [];
  let firstAssumption: CrsAssumption | undefined;
  for (const layer of source.layers) {
    const placed = layer.features.filter((feature) => feature.geometry !== null);
    const skipped = layer.features.length - placed.length;
    if (skipped > 0) {
      warnings.push({
        zh: `${skipped} 个要素没有几何形状，已跳过。`,
        en: `${skipped} feature(s) without geometry were skipped.`,
      });
    }
    if (placed.length === 0) continue;
    const resolved = resolveCrs({ ...layer, features: placed }, options);
    if (!resolved.ok) return fail(resolved.error);
    const assumption = resolved.assumption;
    if (!firstAssumption) firstAssumption = assumption;
    else if (firstAssumption.crs !== assumption.crs || firstAssumption.axisSwapped !== assumption.axisSwapped) {
      warnings.push({
        zh: `图层 ${layer.name ?? ''} 的坐标系为 ${assumption.crs}，与第一个图层（${firstAssumption.crs}）不同，已分别转换。`,
        en: `Layer ${layer.name ?? ''} is in ${assumption.crs}, unlike the first layer (${firstAssumption.crs}); each was converted separately.`,
      });
    }
    for (const feature of placed) {
      const geometry = feature.geometry as Geometry;
      const ordered = assumption.axisSwapped ? swapAxes(geometry) : geometry;
      const lonLat = unprojectGeometry(ordered, assumption.crs);
      const outside = checkRegion(lonLat);
      if (outside) {
        const info = CRS_INFO[assumption.crs];
        return fail(
          importError(
            'OUTSIDE_REGION',
            file,
            {
              zh: `${feature.where.zh}按 ${assumption.crs}（${info.label.zh}）换算后位于 ${formatLonLat(outside)}，远在威海—乳山范围（东经119–124°、北纬35.5–38.5°）之外。`,
              en: `${feature.where.en}, read as ${assumption.crs} (${info.label.en}), lands at ${formatLonLat(outside)}, far outside the Weihai–Rushan region (119–124°E, 35.5–38.5°N).`,
            },
            {
              zh: '坐标系可能判断错误：请在导入时手动选择正确的坐标系（或检查 X/Y 是否对调）；若该要素确实不在本地区，请从文件中删除。',
              en: 'The CRS may be wrong: choose the right CRS when importing (or check whether X/Y are swapped); if the feature really lies elsewhere, remove it from the file.',
            },
          ),
        );
      }
      const checked = checkPolygons(lonLat, feature.where, options.repair === true);
      if (!checked.ok) return fail(importError(checked.code, file, checked.message, checked.hint));
      warnings.push(...checked.warnings);
      // Properties are copied as given: values stay strings/numbers, nothing is parsed as HTML.
      features.push({ type: 'Feature', properties: { ...feature.properties }, geometry: checked.geometry });
    }
  }
  if (!firstAssumption || features.length === 0) {
    return fail(
      importError(
        'EMPTY_COLLECTION',
        file,
        { zh: '文件中没有带几何形状的要素。', en: 'The file contains no features with a geometry.' },
        { zh: '请检查是否导出了正确的图层。', en: 'Check that the right layer was exported.' },
      ),
    );
  }
  const collection: FeatureCollection = { type: 'FeatureCollection', features };
  return ok({ format: source.format, features: collection, crs: firstAssumption, warnings, sourceName: file });
}
