/**
 * GeoJSON importer: FeatureCollection, Feature or bare Geometry. Coordinates may be
 * projected (GDAL writes a `crs` member, a GeoJSON 2008 leftover that RFC 7946 dropped but
 * survey offices still produce); without one the CRS is detected from the numbers. A `crs`
 * member naming a CRS the atlas cannot convert (Xi'an 1980, Beijing 1954, …) is refused
 * as UNSUPPORTED_CRS unless the user chose the CRS, as a shapefile's .prj is.
 */
import type { Feature, Geometry } from 'geojson';
import { parseCrsCode } from '../../crs/projections';
import { chosenOverDeclared, completeImport, describeFeature, importError, UNSUPPORTED_CRS_HINT, type SourceFeature, type SourceLayer } from '../complete-import';
import { describeJsonError } from '../json-error-position';
import { decodeText } from '../text';
import { fail, type ImportError, type ImportOptions, type ImportOutcome } from '../types';
import type { Bilingual } from '../../data/catalog-types';


const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/** `urn:ogc:def:crs:EPSG::4528`, `EPSG:4528`, `urn:ogc:def:crs:OGC:1.3:CRS84`. */
function declaredCrs(member: unknown): { code?: ReturnType<typeof parseCrsCode>; name?: string } {
  const name = (member as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof name !== 'string') return {};
  if (/CRS84$/i.test(name)) return { code: 'EPSG:4326', name };
  const epsg = /EPSG:{1,2}(\d+)$/i.exec(name)?.[1];
  // The atlas's own export names GCJ-02 / BD-09 in the same member (no EPSG code exists for them).
  return { code: epsg ? parseCrsCode(epsg) : parseCrsCode(name), name };
}

/**
 * One element of `features` as completeImport takes it; an INVALID_GEOMETRY error for a
 * geometry of no known type. The parsed objects are the import's own: kept, not copied
 * (issue 12: memory). Shared with the streamed reader (geojson-stream.ts).
 */
export function toSourceFeature(feature: Feature | null | undefined, index: number, file: string): SourceFeature | ImportError {
  const where = describeFeature(index, feature?.properties);
  const geometry = feature?.geometry ?? null;
  if (geometry !== null && (typeof geometry !== 'object' || !GEOMETRY_TYPES.has((geometry as Geometry).type))) {
    return importError(
      'INVALID_GEOMETRY',
      file,
      { zh: `${where.zh}的几何类型无法识别。`, en: `${where.en}: the geometry type is not recognised.` },
      { zh: '请检查该要素或从原软件重新导出。', en: 'Check this feature or export the file again.' },
    );
  }
  const given = feature?.properties;
  const properties = given && typeof given === 'object' && !Array.isArray(given) ? (given as Record<string, unknown>) : {};
  return { geometry, properties, where };
}

/**
 * What the root's `crs` member says: the CRS it declares, the warnings to give, or
 * UNSUPPORTED_CRS. Shared with the streamed reader (geojson-stream.ts).
 */
export function declaredCrsOf(crs: unknown, options: ImportOptions): { declared?: SourceLayer['declared']; warnings: Bilingual[] } | ImportError {
  const file = options.fileName;
  const warnings: Bilingual[] = [];
  if (crs === undefined || crs === null) return { warnings };
  const declared = declaredCrs(crs);
  if (declared.code) {
    return { declared: { crs: declared.code, source: { zh: 'GeoJSON 的 crs 成员声明', en: 'Declared by the GeoJSON crs member' } }, warnings };
  }
  if (declared.name === undefined) {
    // A crs member without a name (a GeoJSON 2008 "link"): nothing stated to contradict.
    warnings.push({
      zh: 'GeoJSON 的 crs 成员无法读取，已改为按数值判断坐标系。',
      en: 'The GeoJSON crs member cannot be read; the CRS was detected from the numbers instead.',
    });
  } else if (options.crs) {
    // The user's choice wins over the file (ImportOptions.crs); say what was set aside.
    warnings.push(chosenOverDeclared({ zh: `GeoJSON 声明的坐标系 ${declared.name} `, en: `The CRS ${declared.name} the GeoJSON declares` }, options.crs));
  } else {
    // A file that states its CRS is never re-guessed from the numbers: a Xi'an 1980 or
    // Beijing 1954 grid has CGCS2000-looking numbers tens of metres off (the .prj rule).
    return importError(
      'UNSUPPORTED_CRS',
      file,
      {
        zh: `GeoJSON 的 crs 成员声明的坐标系“${declared.name}”不受支持（不是 CGCS2000 / WGS 84 经纬度或其高斯-克吕格投影，可能是西安80、北京54等）。`,
        en: `The GeoJSON's crs member declares "${declared.name}", which is not supported (not CGCS2000 / WGS 84 lon/lat or one of their Gauss–Krüger grids; perhaps Xian 1980 or Beijing 1954).`,
      },
      UNSUPPORTED_CRS_HINT,
    );
  }
  return { warnings };
}

export async function readGeoJson(bytes: Uint8Array, options: ImportOptions): Promise<ImportOutcome> {
  const file = options.fileName;
  const { text } = decodeText(bytes);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail(
      importError(
        'PARSE_ERROR',
        file,
        describeJsonError(text, error),
        { zh: '请用文本编辑器检查该位置，或从原软件重新导出 GeoJSON。', en: 'Check that place in a text editor, or export the GeoJSON again.' },
      ),
    );
  }
  const root = data as { type?: unknown; features?: unknown; crs?: unknown };
  let features: Feature[];
  if (root?.type === 'FeatureCollection' && Array.isArray(root.features)) features = root.features as Feature[];
  else if (root?.type === 'Feature') features = [root as Feature];
  else if (typeof root?.type === 'string' && GEOMETRY_TYPES.has(root.type)) {
    features = [{ type: 'Feature', properties: {}, geometry: root as Geometry }];
  } else {
    return fail(
      importError(
        'PARSE_ERROR',
        file,
        {
          zh: `JSON 不是 GeoJSON：顶层 type 为 ${JSON.stringify(root?.type ?? null)}，应为 FeatureCollection、Feature 或几何类型。`,
          en: `The JSON is not GeoJSON: top-level type is ${JSON.stringify(root?.type ?? null)}, expected FeatureCollection, Feature or a geometry type.`,
        },
        { zh: '请确认选择了 GeoJSON 文件。', en: 'Make sure a GeoJSON file was chosen.' },
      ),
    );
  }
  const sourceFeatures: SourceFeature[] = [];
  for (const [index, feature] of features.entries()) {
    const source = toSourceFeature(feature, index, file);
    if ('code' in source) return fail(source);
    sourceFeatures.push(source);
  }
  const layer: SourceLayer = { features: sourceFeatures };
  const declared = declaredCrsOf(root.crs, options);
  if ('code' in declared) return fail(declared);
  if (declared.declared) layer.declared = declared.declared;
  const warnings = declared.warnings;
  return completeImport({ format: 'geojson', layers: [layer], warnings }, options);
}
