/**
 * Shapefile importer: a zip holding one or more .shp/.shx/.dbf(/.prj/.cpg) sets, or a bare
 * .shp. The geometry and attributes are decoded by shpjs (parseShp, parseDbf); the zip is
 * opened here with jszip so a truncated archive becomes a clear error, and the .prj is read
 * here (not handed to shpjs/proj4) so the CRS is mapped to the atlas's own definitions and
 * recorded in the import result (CONVENTIONS.md: "ignoring the .prj" is an anti-pattern).
 */
import type { Geometry } from 'geojson';
import { completeImport, describeFeature, importError, type SourceLayer } from '../complete-import';
import { matchPrj } from '../prj';
import { decodeText } from '../text';
import { openZip, readEntry, zipEntries } from '../zip';
import { fail, type ImportOptions, type ImportOutcome } from '../types';
import type { Bilingual } from '../../data/catalog-types';

interface LayerFiles {
  name: string;
  shp: Uint8Array;
  dbf?: Uint8Array;
  prj?: string;
  cpg?: string;
}

/** Shapefile main-file magic: file code 9994, big-endian, at byte 0. */
export function isShapefileMain(bytes: Uint8Array): boolean {
  return bytes.length >= 100 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x27 && bytes[3] === 0x0a;
}

function dbfEncoding(dbf: Uint8Array, cpg: string | undefined): string {
  if (cpg && cpg.trim()) return cpg.trim();
  // No .cpg: the language-driver byte 0x4D means code page 936 (GBK); otherwise accept
  // UTF-8 when the bytes are valid UTF-8 and fall back to GBK (Chinese Windows default).
  if (dbf[29] === 0x4d) return 'gbk';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf);
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

export async function readShapefile(bytes: Uint8Array, options: ImportOptions): Promise<ImportOutcome> {
  const file = options.fileName;
  const layersFiles: LayerFiles[] = [];
  if (isShapefileMain(bytes)) {
    layersFiles.push({ name: file.replace(/\.shp$/i, ''), shp: bytes });
  } else {
    const opened = await openZip(bytes, file);
    if (!opened.ok) return opened;
    const entries = zipEntries(opened.value);
    const byBase = new Map<string, Map<string, (typeof entries)[number]>>();
    for (const entry of entries) {
      const match = /^(.*)\.(shp|dbf|prj|cpg)$/i.exec(entry.name);
      if (!match) continue;
      const parts = byBase.get(match[1]) ?? new Map();
      parts.set(match[2].toLowerCase(), entry);
      byBase.set(match[1], parts);
    }
    for (const [base, parts] of byBase) {
      const shpEntry = parts.get('shp');
      if (!shpEntry) continue;
      const shp = await readEntry(shpEntry, file);
      if (!shp.ok) return shp;
      const layer: LayerFiles = { name: base.split('/').pop() ?? base, shp: shp.value };
      for (const kind of ['dbf', 'prj', 'cpg'] as const) {
        const entry = parts.get(kind);
        if (!entry) continue;
        const read = await readEntry(entry, file);
        if (!read.ok) return read;
        if (kind === 'dbf') layer.dbf = read.value;
        else layer[kind] = decodeText(read.value).text;
      }
      layersFiles.push(layer);
    }
    if (layersFiles.length === 0) {
      return fail(
        importError(
          'NO_LAYERS',
          file,
          {
            zh: `压缩包中没有 .shp 文件（包含：${entries.map((entry) => entry.name).join('、') || '无'}）。`,
            en: `The zip holds no .shp file (contents: ${entries.map((entry) => entry.name).join(', ') || 'none'}).`,
          },
          {
            zh: '请把同名的 .shp、.shx、.dbf、.prj 文件一起压缩后导入。',
            en: 'Zip the .shp, .shx, .dbf and .prj files of the same name together and import that.',
          },
        ),
      );
    }
  }

  const { parseShp, parseDbf } = await import('shpjs');
  const warnings: Bilingual[] = [];
  const layers: SourceLayer[] = [];
  const multiple = layersFiles.length > 1;
  let featureIndex = 0;
  for (const layerFiles of layersFiles) {
    let geometries: Geometry[];
    let records: Record<string, unknown>[] = [];
    try {
      geometries = parseShp(layerFiles.shp) as Geometry[];
      if (layerFiles.dbf) {
        records = parseDbf(layerFiles.dbf, dbfEncoding(layerFiles.dbf, layerFiles.cpg)) as Record<string, unknown>[];
      }
    } catch (error) {
      return fail(
        importError(
          'PARSE_ERROR',
          file,
          {
            zh: `图层 ${layerFiles.name} 的 .shp/.dbf 无法读取（${error instanceof Error ? error.message : String(error)}）。`,
            en: `Layer ${layerFiles.name}: the .shp/.dbf cannot be read (${error instanceof Error ? error.message : String(error)}).`,
          },
          { zh: '文件可能已损坏，请从原软件重新导出。', en: 'The file may be damaged; export it again from the source software.' },
        ),
      );
    }
    if (!layerFiles.dbf) {
      warnings.push({
        zh: `图层 ${layerFiles.name} 没有 .dbf 属性表，只导入了几何形状。`,
        en: `Layer ${layerFiles.name} has no .dbf attribute table; only the geometry was imported.`,
      });
    }
    const layer: SourceLayer = {
      name: layerFiles.name,
      features: geometries.map((geometry, index) => {
        const properties: Record<string, unknown> = { ...(records[index] ?? {}) };
        // Keep which shapefile a feature came from when a zip holds several (unless the table already has the field).
        if (multiple && properties.layer === undefined) properties.layer = layerFiles.name;
        const where = describeFeature(featureIndex++, properties);
        const withLayer: Bilingual = multiple
          ? { zh: `图层 ${layerFiles.name} ${where.zh}`, en: `layer ${layerFiles.name}, ${where.en}` }
          : where;
        const cleaned = geometry ? (({ bbox: _bbox, ...rest }) => rest as Geometry)(geometry) : null;
        return { geometry: cleaned, properties, where: withLayer };
      }),
    };
    if (layerFiles.prj !== undefined) {
      const match = matchPrj(layerFiles.prj);
      if (match.crs) {
        layer.declared = {
          crs: match.crs,
          source: { zh: `.prj 文件（${match.name}）声明`, en: `Declared by the .prj file (${match.name})` },
        };
      } else if (!options.crs) {
        const why: Bilingual =
          match.why === 'datum'
            ? { zh: '其大地基准不是 CGCS2000 或 WGS 84（如北京54、西安80）', en: 'its datum is not CGCS2000 or WGS 84 (e.g. Beijing 1954, Xian 1980)' }
            : { zh: '其投影不是本图集支持的高斯-克吕格或 Web 墨卡托', en: 'its projection is not one of the supported Gauss–Krüger or Web Mercator grids' };
        return fail(
          importError(
            'UNSUPPORTED_CRS',
            file,
            {
              zh: `图层 ${layerFiles.name} 的 .prj 坐标系“${match.name}”不受支持：${why.zh}。`,
              en: `Layer ${layerFiles.name}: the .prj coordinate system "${match.name}" is not supported: ${why.en}.`,
            },
            {
              zh: '请先在 GIS 软件中转换为 CGCS2000（如 EPSG:4528/4529）后导入；若确知坐标实为 CGCS2000，可在导入时手动选择坐标系。',
              en: 'Reproject to CGCS2000 (e.g. EPSG:4528/4529) in a GIS first; if the numbers are really CGCS2000, choose the CRS by hand when importing.',
            },
          ),
        );
      }
    } else if (!options.crs) {
      warnings.push({
        zh: `图层 ${layerFiles.name} 没有 .prj 文件，坐标系按数值判断，请核对。`,
        en: `Layer ${layerFiles.name} has no .prj file; the CRS was detected from the numbers — check it.`,
      });
    }
    layers.push(layer);
  }
  return completeImport({ format: 'shapefile', layers, warnings }, options);
}
