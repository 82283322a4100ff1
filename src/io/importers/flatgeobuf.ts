/**
 * FlatGeobuf importer (the atlas's own layer format, also written by GDAL/QGIS). The CRS
 * comes from the header (EPSG code, else its WKT); without one it is detected.
 */
import type { Geometry } from 'geojson';
import type { Bilingual } from '../../data/catalog-types';
import { parseCrsCode } from '../../crs/projections';
import { completeImport, describeFeature, importError, type SourceFeature, type SourceLayer } from '../complete-import';
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
  let header: { crs: { org: string | null; code: number; wkt: string | null } | null } | undefined;
  try {
    for await (const feature of deserialize(bytes, { headerMetaFn: (meta) => (header = meta) })) {
      const properties = { ...(feature.properties ?? {}) } as Record<string, unknown>;
      features.push({ geometry: feature.geometry as Geometry, properties, where: describeFeature(features.length, properties) });
    }
  } catch (error) {
    return fail(
      importError(
        'PARSE_ERROR',
        file,
        {
          zh: `FlatGeobuf 无法读取（${error instanceof Error ? error.message : String(error)}），文件可能被截断。`,
          en: `The FlatGeobuf cannot be read (${error instanceof Error ? error.message : String(error)}); the file may be truncated.`,
        },
        { zh: '请重新导出或重新下载该文件。', en: 'Export or download the file again.' },
      ),
    );
  }
  const layer: SourceLayer = { features };
  const warnings: Bilingual[] = [];
  const crs = header?.crs;
  if (crs) {
    const code = crs.org?.toUpperCase() === 'EPSG' && crs.code > 0 ? parseCrsCode(`EPSG:${crs.code}`) : undefined;
    const fromWkt = !code && crs.wkt ? matchPrj(crs.wkt).crs : undefined;
    const declared = code ?? fromWkt;
    if (declared) {
      layer.declared = { crs: declared, source: { zh: 'FlatGeobuf 文件头声明', en: 'Declared by the FlatGeobuf header' } };
    } else {
      warnings.push({
        zh: `FlatGeobuf 文件头的坐标系（${crs.org ?? ''}:${crs.code}）不受支持，已改为按数值判断。`,
        en: `The FlatGeobuf header's CRS (${crs.org ?? ''}:${crs.code}) is not supported; detected from the numbers instead.`,
      });
    }
  }
  return completeImport({ format: 'flatgeobuf', layers: [layer], warnings }, options);
}
