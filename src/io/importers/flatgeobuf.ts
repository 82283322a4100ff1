/**
 * FlatGeobuf importer (the atlas's own layer format, also written by GDAL/QGIS). The CRS
 * comes from the header (EPSG code, else its WKT); without one it is detected; one the
 * atlas cannot convert is refused (UNSUPPORTED_CRS) unless the user chose the CRS. A file
 * with fewer features than its header promises (cut short) is refused, never half-imported.
 */
import type { Geometry } from 'geojson';
import type { Bilingual } from '../../data/catalog-types';
import { parseCrsCode } from '../../crs/projections';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { completeImport, describeFeature, importError, UNSUPPORTED_CRS_HINT, type SourceFeature, type SourceLayer } from '../complete-import';
import { matchPrj } from '../prj';
import { fail, type ImportOptions, type ImportOutcome } from '../types';

/** "fgb" + major version 3, then a patch byte (flatgeobuf spec). */
export function isFlatGeobuf(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0x66 && bytes[1] === 0x67 && bytes[2] === 0x62 && bytes[3] === 0x03;
}

export async function readFlatGeobuf(bytes: Uint8Array, options: ImportOptions): Promise<ImportOutcome> {
  const file = options.fileName;
  if (!isFlatGeobuf(bytes)) {
    return fail(
      importError(
        'PARSE_ERROR',
        file,
        { zh: '文件开头不是 FlatGeobuf 标识（fgb v3）。', en: 'The file does not start with the FlatGeobuf signature (fgb v3).' },
        { zh: '请确认文件类型，或重新导出。', en: 'Check the file type, or export it again.' },
      ),
    );
  }
  const { deserialize } = await import('flatgeobuf/lib/mjs/geojson.js');
  const features: SourceFeature[] = [];
  let header: HeaderMeta | undefined;
  const unreadable = (reason: string) =>
    fail(
      importError(
        'PARSE_ERROR',
        file,
        {
          zh: `FlatGeobuf 无法完整读取（${reason}），文件可能被截断或已损坏。`,
          en: `The FlatGeobuf cannot be read in full (${reason}); the file may be truncated or damaged.`,
        },
        { zh: '请重新导出或重新下载该文件。', en: 'Export or download the file again.' },
      ),
    );
  try {
    for await (const feature of deserialize(bytes, { headerMetaFn: (meta) => (header = meta) })) {
      const properties = { ...(feature.properties ?? {}) } as Record<string, unknown>;
      features.push({ geometry: feature.geometry as Geometry, properties, where: describeFeature(features.length, properties) });
    }
  } catch (error) {
    return unreadable(error instanceof Error ? error.message : String(error));
  }
  // The decoder stops quietly at the end of the bytes: a file cut short would import part of
  // its features. The header says how many there are (0 = not recorded by the writer).
  const promised = header?.featuresCount ?? 0;
  if (promised > 0 && promised !== features.length) {
    return unreadable(`${features.length} of ${promised} features`);
  }
  const layer: SourceLayer = { features };
  const warnings: Bilingual[] = [];
  const crs = header?.crs;
  const declaresCrs = crs && ((crs.code > 0 && crs.org) || crs.wkt);
  if (crs && declaresCrs) {
    const code = crs.org?.toUpperCase() === 'EPSG' && crs.code > 0 ? parseCrsCode(`EPSG:${crs.code}`) : undefined;
    const fromWkt = !code && crs.wkt ? matchPrj(crs.wkt) : undefined;
    const declared = code ?? fromWkt?.crs;
    const label = `${crs.org ?? ''}${crs.code > 0 ? `:${crs.code}` : ''}${fromWkt?.name ? ` ${fromWkt.name}` : crs.name ? ` ${crs.name}` : ''}`.trim();
    if (declared) {
      layer.declared = { crs: declared, source: { zh: 'FlatGeobuf 文件头声明', en: 'Declared by the FlatGeobuf header' } };
    } else if (options.crs) {
      warnings.push({
        zh: `FlatGeobuf 文件头的坐标系（${label}）不受支持，已按用户选择的 ${options.crs} 读取。`,
        en: `The FlatGeobuf header's CRS (${label}) is not supported; read as ${options.crs}, the user's choice.`,
      });
    } else {
      // As for a .prj: a stated CRS is never re-guessed from the numbers.
      return fail(
        importError(
          'UNSUPPORTED_CRS',
          file,
          {
            zh: `FlatGeobuf 文件头声明的坐标系（${label}）不受支持（不是 CGCS2000 / WGS 84 经纬度或其高斯-克吕格投影，可能是西安80、北京54等）。`,
            en: `The FlatGeobuf header declares the CRS ${label}, which is not supported (not CGCS2000 / WGS 84 lon/lat or one of their Gauss–Krüger grids; perhaps Xian 1980 or Beijing 1954).`,
          },
          UNSUPPORTED_CRS_HINT,
        ),
      );
    }
  }
  return completeImport({ format: 'flatgeobuf', layers: [layer], warnings }, options);
}
