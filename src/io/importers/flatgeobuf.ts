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
import { chosenOverDeclared, completeImport, describeFeature, importError, limitError, UNSUPPORTED_CRS_HINT, type SourceFeature, type SourceLayer } from '../complete-import';
import { libraryNote } from '../text';
import { matchPrj } from '../prj';
import { fail, importLimits, type ImportOptions, type ImportOutcome } from '../types';
import { commonJsExports } from '../commonjs';

/** "fgb" + major version 3, then a patch byte (flatgeobuf spec). */
export function isFlatGeobuf(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0x66 && bytes[1] === 0x67 && bytes[2] === 0x62 && bytes[3] === 0x03;
}

/** Bytes of the packed Hilbert R-tree of `items` features (flatgeobuf packedrtree.ts calcTreeSize, for items ≥ 1). */
function packedTreeBytes(items: number, nodeSize: number): number {
  const size = Math.min(Math.max(nodeSize, 2), 65535);
  let level = items;
  let nodes = items;
  while (level > 1) {
    level = Math.ceil(level / size);
    nodes += level;
  }
  return nodes * 40;
}

/** The parts of a geometry table as the generated reader exposes them. */
interface RawGeometry {
  xyLength(): number;
  zLength(): number;
  endsLength(): number;
  partsLength(): number;
  parts(index: number): RawGeometry | null;
}

/**
 * Vertices of a feature's geometry, or −1 when a count in it cannot fit the feature's
 * bytes (the reader would loop over a garbage part count) or parts nest deeper than 8.
 */
function geometrySize(geometry: RawGeometry, featureBytes: number, depth: number, visited = { tables: 0 }): number {
  // Parts may all point at one table: the tables visited are bounded too (each needs 4 bytes).
  visited.tables += 1;
  if (depth > 8 || visited.tables * 4 > featureBytes) return -1;
  const xy = geometry.xyLength();
  const parts = geometry.partsLength();
  if (xy * 8 > featureBytes || geometry.zLength() * 8 > featureBytes || geometry.endsLength() * 4 > featureBytes || parts * 4 > featureBytes) return -1;
  let vertices = xy / 2;
  for (let index = 0; index < parts; index += 1) {
    const part = geometry.parts(index);
    if (!part) return -1;
    const size = geometrySize(part, featureBytes, depth + 1, visited);
    if (size < 0) return -1;
    vertices += size;
  }
  return vertices;
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
  const limits = importLimits(options);
  /** The features read of those the header promises. */
  const readOf = (read: number, promised: number | '?'): Bilingual => ({ zh: `只读到 ${read} 个要素，共 ${promised} 个`, en: `${read} of ${promised} features` });
  const unreadable = (reason: Bilingual) =>
    fail(
      importError(
        'PARSE_ERROR',
        file,
        {
          zh: `FlatGeobuf 无法完整读取（${reason.zh}），文件可能被截断或已损坏。`,
          en: `The FlatGeobuf cannot be read in full (${reason.en}); the file may be truncated or damaged.`,
        },
        { zh: '请重新导出或重新下载该文件。', en: 'Export or download the file again.' },
      ),
    );
  const [flatbuffers, { Header }, { Feature }, { fromByteBuffer }, { fromFeature }] = await Promise.all([
    import('flatbuffers'),
    import('flatgeobuf/lib/mjs/flat-geobuf/header.js'),
    import('flatgeobuf/lib/mjs/flat-geobuf/feature.js'),
    import('flatgeobuf/lib/mjs/header-meta.js'),
    import('flatgeobuf/lib/mjs/geojson/feature.js'),
  ]);
  const { ByteBuffer } = commonJsExports(flatbuffers, 'ByteBuffer');
  // The library's deserialize() trusts the header: with 0 features and an index its tree
  // size loop never ends (a file cut to its 8-byte magic reads as exactly that), and part
  // counts are looped over as found. The layout is checked against the byte length here
  // and the features are walked with the library's own table readers (flatgeobuf spec:
  // magic 8 bytes, u32 header size, header, packed R-tree, then size-prefixed features).
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12) return unreadable({ zh: '文件在文件头内就结束了', en: 'the file ends inside its header' });
  const headerLength = view.getUint32(8, true);
  if (headerLength < 4 || 12 + headerLength > bytes.length) return unreadable({ zh: `文件头声称 ${headerLength} 字节，其后只有 ${bytes.length - 12} 字节`, en: `the header claims ${headerLength} bytes, ${bytes.length - 12} follow` });
  const headerBuffer = new ByteBuffer(bytes.subarray(0, 12 + headerLength));
  headerBuffer.setPosition(8);
  const rawHeader = Header.getSizePrefixedRootAsHeader(headerBuffer);
  const promised = rawHeader.featuresCount();
  if (rawHeader.columnsLength() > headerLength / 4) return unreadable({ zh: '文件头列出的字段多于其容量', en: 'the header lists more columns than it can hold' });
  if (promised > BigInt(limits.maxFeatures)) return fail(limitError(file, 'maxFeatures', Number(promised), limits.maxFeatures));
  let header: HeaderMeta;
  try {
    headerBuffer.setPosition(8);
    header = fromByteBuffer(headerBuffer);
  } catch (error) {
    return unreadable(libraryNote(error));
  }
  let offset = 12 + headerLength;
  const count = Number(promised);
  if (header.indexNodeSize > 0 && count > 0) offset += packedTreeBytes(count, header.indexNodeSize);
  if (offset > bytes.length) return unreadable({ zh: '空间索引超出了文件末尾', en: 'the spatial index runs past the end of the file' });
  // Each feature takes at least its 4-byte size prefix and a 4-byte table offset.
  if (count * 8 > bytes.length - offset) return unreadable({ zh: `文件头声称有 ${count} 个要素，其后只有 ${bytes.length - offset} 字节`, en: `the header promises ${count} features, only ${bytes.length - offset} bytes follow` });
  const features: SourceFeature[] = [];
  let vertices = 0;
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) return unreadable(readOf(features.length, count || '?'));
    const featureLength = view.getUint32(offset, true);
    if (featureLength < 4 || offset + 4 + featureLength > bytes.length) return unreadable({ zh: `第 ${features.length + 1} 个要素超出了文件末尾`, en: `feature ${features.length + 1} runs past the end of the file` });
    // A buffer of this feature alone: a bad offset inside it reads zeros, never another feature.
    const featureBuffer = new ByteBuffer(bytes.subarray(offset, offset + 4 + featureLength));
    let properties: Record<string, unknown>;
    let geometry: Geometry | null;
    try {
      const raw = Feature.getSizePrefixedRootAsFeature(featureBuffer);
      const rawGeometry = raw.geometry();
      const counted = rawGeometry ? geometrySize(rawGeometry, featureLength, 0) : 0;
      if (counted < 0) return unreadable({ zh: `第 ${features.length + 1} 个要素的部分数或坐标数大于要素本身`, en: `feature ${features.length + 1} has part or coordinate counts larger than the feature` });
      vertices += counted;
      if (vertices > limits.maxVertices) return fail(limitError(file, 'maxVertices', vertices, limits.maxVertices));
      if (raw.propertiesLength() > featureLength) return unreadable({ zh: `第 ${features.length + 1} 个要素的属性字节多于要素本身`, en: `feature ${features.length + 1} has more property bytes than the feature` });
      const feature = fromFeature(features.length, raw, header);
      properties = Object.assign(Object.create(null) as Record<string, unknown>, feature.properties ?? {});
      geometry = rawGeometry ? (feature.geometry as Geometry) : null;
    } catch (error) {
      return unreadable(libraryNote(error));
    }
    features.push({ geometry, properties: { ...properties }, where: describeFeature(features.length, properties) });
    if (features.length > limits.maxFeatures) return fail(limitError(file, 'maxFeatures', features.length, limits.maxFeatures));
    offset += 4 + featureLength;
  }
  // The decoder stops quietly at the end of the bytes: a file cut short would import part of
  // its features. The header says how many there are (0 = not recorded by the writer).
  if (count > 0 && count !== features.length) {
    return unreadable(readOf(features.length, count));
  }
  const layer: SourceLayer = { features };
  const warnings: Bilingual[] = [];
  const crs = header.crs;
  const declaresCrs = crs && ((crs.code > 0 && crs.org) || crs.wkt);
  if (crs && declaresCrs) {
    const code = crs.org?.toUpperCase() === 'EPSG' && crs.code > 0 ? parseCrsCode(`EPSG:${crs.code}`) : undefined;
    const fromWkt = !code && crs.wkt ? matchPrj(crs.wkt) : undefined;
    const declared = code ?? fromWkt?.crs;
    const label = `${crs.org ?? ''}${crs.code > 0 ? `:${crs.code}` : ''}${fromWkt?.name ? ` ${fromWkt.name}` : crs.name ? ` ${crs.name}` : ''}`.trim();
    if (declared) {
      layer.declared = { crs: declared, source: { zh: 'FlatGeobuf 文件头声明', en: 'Declared by the FlatGeobuf header' } };
    } else if (options.crs) {
      warnings.push(chosenOverDeclared({ zh: `FlatGeobuf 文件头的坐标系（${label}）`, en: `The FlatGeobuf header's CRS (${label})` }, options.crs));
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
