/**
 * Shapefile importer: a zip holding one or more .shp/.shx/.dbf(/.prj/.cpg) sets, or a bare
 * .shp — alone, or with its .dbf/.prj/.cpg picked beside it as loose files
 * (`ImportOptions.parts`, grouped by src/io/file-set.ts), read as the zip of them would be.
 * The geometry and attributes are decoded by shpjs (parseShp, parseDbf); the zip is opened
 * here with jszip so a truncated archive becomes a clear error, and the .prj is read here (not
 * handed to shpjs/proj4) so the CRS is mapped to the atlas's own definitions and recorded in
 * the import result (CONVENTIONS.md: "ignoring the .prj" is an anti-pattern).
 */
import type { Geometry } from 'geojson';
import { chosenOverDeclared, completeImport, describeFeature, importError, limitError, severalLayers, type SourceLayer } from '../complete-import';
import { matchPrj } from '../prj';
import { cleanFileText, decodeText, libraryNote } from '../text';
import { openZip, readEntry, startsLikeZip, zipEntries } from '../zip';
import { fail, importLimits, ok, type ImportError, type ImportLimits, type ImportOptions, type ImportOutcome, type ImportPart, type Result } from '../types';
import type { Bilingual } from '../../data/catalog-types';

interface LayerFiles {
  name: string;
  shp: Uint8Array;
  dbf?: Uint8Array;
  prj?: string;
  cpg?: string;
  /** Given as a bare .shp, not inside a zip: its .dbf/.prj/.cpg came as loose files beside it, or not at all. */
  bare?: true;
}

/** Bytes of the .shp main-file header (ESRI Shapefile Technical Description, 1998, table 1). */
const SHP_HEADER_BYTES = 100;

/** Shapefile file code 9994, big-endian, at byte 0 (the .shp and the .shx both start so). */
function hasShapefileFileCode(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x27 && bytes[3] === 0x0a;
}

/** Shapefile main-file magic: file code 9994 at byte 0, and the whole 100-byte header. */
export function isShapefileMain(bytes: Uint8Array): boolean {
  return bytes.length >= SHP_HEADER_BYTES && hasShapefileFileCode(bytes);
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

function damagedLayer(file: string, layer: string, what: Bilingual): ImportError {
  const name = cleanFileText(layer, 100);
  return importError(
    'PARSE_ERROR',
    file,
    { zh: `图层 ${name} 的${what.zh}，文件已损坏或被截断。`, en: `Layer ${name}: ${what.en}; the file is damaged or cut short.` },
    { zh: '请从原软件重新导出该图层。', en: 'Export the layer again from the source software.' },
  );
}

/** parsedbf's reading of a .cpg: a TextDecoder label, "ANSI 936"/"936" → windows-936, otherwise UTF-8. */
function textDecoderFor(encoding: string): TextDecoder {
  try {
    return new TextDecoder(encoding.trim());
  } catch {
    const match = /^(?:ANSI\s)?(\d+)$/m.exec(encoding);
    if (match) {
      try {
        return new TextDecoder(`windows-${match[1]}`);
      } catch {
        // fall through to UTF-8, as parsedbf does
      }
    }
    return new TextDecoder();
  }
}

/**
 * Reads a dBASE III+ table as parsedbf 2.0 (shpjs's reader) does — same field names, same
 * values (N/F/O → parseFloat, D → local Date, L → y/t, others text; NULs removed, trimmed),
 * same record start — but with one TextDecoder per file and ASCII cells read without a
 * decoder. parsedbf made a TextDecoder (and copied the bytes) for every cell: 59,399 × 9
 * cells of a bureau layer were a fifth of its import time (issue 10 profile).
 * The counts were checked against the bytes first (checkDbf).
 */
function readDbf(dbf: Uint8Array, encoding: string): Record<string, unknown>[] {
  const decoder = textDecoderFor(encoding);
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  // UTF-16 is the one TextDecoder encoding that does not read ASCII bytes as ASCII.
  const asciiCompatible = !decoder.encoding.startsWith('utf-16');
  const cell = (start: number, length: number): string => {
    const end = Math.min(start + length, dbf.length);
    let ascii = asciiCompatible;
    for (let at = start; at < end; at++) {
      if (dbf[at] >= 0x80) {
        ascii = false;
        break;
      }
    }
    let text = '';
    if (ascii) {
      for (let at = start; at < end; at++) if (dbf[at] !== 0) text += String.fromCharCode(dbf[at]);
      return text.trim();
    }
    return decoder.decode(dbf.subarray(start, end)).replace(/\0/g, '').trim();
  };
  const records = view.getUint32(4, true);
  const headerEnd = view.getUint16(8, true) - 1;
  const recordLength = view.getUint16(10, true);
  const fields: { name: string; type: string; length: number }[] = [];
  for (let offset = 32; offset < headerEnd; offset += 32) {
    fields.push({ name: cell(offset, 11), type: String.fromCharCode(view.getUint8(offset + 11)), length: view.getUint8(offset + 16) });
    if (view.getUint8(offset + 32) === 13) break;
  }
  const rows: Record<string, unknown>[] = new Array(records);
  let offset = ((fields.length + 1) << 5) + 2;
  for (let record = 0; record < records; record++) {
    const row: Record<string, unknown> = {};
    let at = offset;
    for (const field of fields) {
      const text = cell(at, field.length);
      at += field.length;
      switch (field.type) {
        case 'N':
        case 'F':
        case 'O':
          row[field.name] = parseFloat(text);
          break;
        case 'D': {
          // A calendar day (YYYYMMDD) kept as ISO text: the day it says in every time zone. (A
          // Date at local midnight was written out as the previous day's UTC time in Weihai.)
          const day = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
          // An empty date is blank or, as GDAL writes it, 00000000.
          row[field.name] = text === '' || text === '00000000' ? null : day ? `${day[1]}-${day[2]}-${day[3]}` : text;
          break;
        }
        case 'L':
          row[field.name] = text.toLowerCase() === 'y' || text.toLowerCase() === 't';
          break;
        default:
          row[field.name] = text;
      }
    }
    rows[record] = row;
    offset += recordLength;
  }
  return rows;
}

/** Shape types whose record content starts with a box then counts of parts and points (ESRI white paper, 1998, table 1). */
const PARTS_AND_POINTS = new Set([3, 5, 13, 15, 23, 25, 31]);

/**
 * Walks the .shp record headers (8 bytes each, big-endian content length in 16-bit words)
 * without decoding geometry: every record must fit the file, and the records and points
 * must be within the caps, before shpjs allocates anything.
 */
function checkShp(layer: LayerFiles, file: string, limits: ImportLimits): ImportError | undefined {
  const { shp } = layer;
  if (!isShapefileMain(shp)) return damagedLayer(file, layer.name, { zh: '.shp 文件头无效', en: 'the .shp header is not valid' });
  const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  let offset = 100;
  let records = 0;
  let points = 0;
  while (offset + 8 <= shp.length) {
    const length = view.getInt32(offset + 4) * 2;
    if (length < 0 || offset + 8 + length > shp.length) {
      return damagedLayer(file, layer.name, { zh: `.shp 第 ${records + 1} 条记录超出文件末尾`, en: `.shp record ${records + 1} runs past the end of the file` });
    }
    if (length >= 4) {
      const type = view.getInt32(offset + 8, true);
      if (PARTS_AND_POINTS.has(type) && length >= 44) {
        const count = view.getInt32(offset + 8 + 40, true);
        if (count < 0 || count * 16 > length) {
          return damagedLayer(file, layer.name, { zh: `.shp 第 ${records + 1} 条记录声称有 ${count} 个点，超出记录长度`, en: `.shp record ${records + 1} claims ${count} points, more than the record holds` });
        }
        points += count;
      } else if (type === 8 || type === 18 || type === 28) {
        if (length >= 40) points += Math.max(0, view.getInt32(offset + 8 + 36, true));
      } else points += 1;
    }
    records += 1;
    offset += 8 + length;
    if (records > limits.maxFeatures) return limitError(file, 'maxFeatures', records, limits.maxFeatures);
    if (points > limits.maxVertices) return limitError(file, 'maxVertices', points, limits.maxVertices);
  }
  return undefined;
}

/**
 * parsedbf loops over the record count of the .dbf header whatever the file holds (a
 * 2³²−1 count ran the heap out, issue 11): the count, header and record lengths must fit
 * the bytes (dBASE III+ layout: count at byte 4, header length at 8, record length at 10).
 */
function checkDbf(layer: LayerFiles, file: string, limits: ImportLimits): ImportError | undefined {
  const dbf = layer.dbf!;
  if (dbf.length < 32) return damagedLayer(file, layer.name, { zh: '.dbf 文件头不完整', en: 'the .dbf header is incomplete' });
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const records = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  if (headerLength < 33 || headerLength > dbf.length) {
    return damagedLayer(file, layer.name, { zh: `.dbf 文件头长度 ${headerLength} 无效`, en: `the .dbf header length ${headerLength} is not valid` });
  }
  const room = recordLength > 0 ? Math.floor((dbf.length - headerLength) / recordLength) : 0;
  if (records > room) {
    return damagedLayer(file, layer.name, {
      zh: `.dbf 文件头声称有 ${records} 条记录，而文件只容得下 ${room} 条`,
      en: `the .dbf header claims ${records} records but the file holds room for ${room}`,
    });
  }
  if (records > limits.maxFeatures) return limitError(file, 'maxFeatures', records, limits.maxFeatures);
  return undefined;
}

/**
 * What to do about a missing .dbf or .prj, the second sentence of its warning: a bare .shp
 * needs the part picked (or dropped) together with it, or all its parts in one .zip; a zip
 * without the part needs the part added.
 */
function missingPartRemedy(part: 'dbf' | 'prj', bare: boolean): Bilingual {
  if (bare) {
    return part === 'dbf'
      ? {
          zh: '如需属性，请把同名的 .dbf（及 .cpg）与 .shp 一起选中或拖入，或把同名的 .shp、.dbf、.prj（及 .cpg）一起压缩为一个 .zip，导入该 .zip。',
          en: 'To import the attributes, choose or drop the .dbf (and .cpg) of the same name together with the .shp, or put the .shp, .dbf, .prj (and .cpg) of the same name into one .zip and import that.',
        }
      : {
          zh: '如有 .prj，请把同名的 .prj 与 .shp 一起选中或拖入，或把同名的 .shp、.dbf、.prj（及 .cpg）一起压缩为一个 .zip，导入该 .zip。',
          en: 'To use the .prj, choose or drop the .prj of the same name together with the .shp, or put the .shp, .dbf, .prj (and .cpg) of the same name into one .zip and import that.',
        };
  }
  return part === 'dbf'
    ? { zh: '如需属性，请把同名的 .dbf（及 .cpg）与 .shp 放进同一个压缩包后重新导入。', en: 'To import the attributes, add the .dbf (and .cpg) of the same name to the zip beside the .shp and import it again.' }
    : { zh: '如有 .prj，请把同名的 .prj 与 .shp 放进同一个压缩包后重新导入。', en: 'To use the .prj, add the .prj of the same name to the zip beside the .shp and import it again.' };
}

/**
 * A loose part picked with a bare .shp, read as a zip member is by readEntry: its size checked
 * before a byte is read, then its bytes. A loose part is a file of its own, so the cap is the
 * one every file has (`maxFileBytes`, as the registry gates the .shp), not the zip-member cap.
 */
async function readPart(part: ImportPart, file: string, limits: ImportLimits): Promise<Result<Uint8Array, ImportError>> {
  const name = cleanFileText(part.name, 100);
  const size = part.data instanceof Uint8Array ? part.data.length : part.data.size;
  if (size > limits.maxFileBytes) {
    return fail(limitError(file, 'maxFileBytes', size, limits.maxFileBytes, { zh: `与 .shp 一起选择的 ${name}`, en: `${name}, chosen with the .shp` }));
  }
  if (part.data instanceof Uint8Array) return ok(part.data);
  try {
    return ok(new Uint8Array(await part.data.arrayBuffer()));
  } catch (error) {
    // A file changed or removed on disk after it was picked: the browser refuses to read it.
    return fail(
      importError(
        'PARSE_ERROR',
        file,
        { zh: `与 .shp 一起选择的 ${name} 无法读取（${libraryNote(error).zh}）。`, en: `${name}, chosen with the .shp, cannot be read (${libraryNote(error).en}).` },
        { zh: '请确认该文件仍在原处且未被改动，然后重新选择各组成文件。', en: 'Check that the file is still there and unchanged, then choose the parts again.' },
      ),
    );
  }
}

/**
 * The .dbf, .prj and .cpg of a bare .shp from the loose parts given beside it (by extension,
 * any case; the grouping in file-set.ts has refused anything that is not one shapefile's), used
 * exactly as the same members of a zip: the .dbf as bytes, the .prj and .cpg decoded as text.
 */
async function addLooseParts(layer: LayerFiles, parts: readonly ImportPart[], file: string, limits: ImportLimits): Promise<ImportError | undefined> {
  for (const kind of ['dbf', 'prj', 'cpg'] as const) {
    const part = parts.find((candidate) => candidate.name.toLowerCase().endsWith(`.${kind}`));
    if (!part) continue;
    const read = await readPart(part, file, limits);
    if (!read.ok) return read.error;
    if (kind === 'dbf') layer.dbf = read.value;
    else layer[kind] = decodeText(read.value).text;
  }
  return undefined;
}

/**
 * A file given as a bare .shp (not a zip) that is not a shapefile main file: its header is
 * cut short, or the file code 9994 is missing (another file renamed .shp, a .dbf picked by
 * mistake, garbage). Said as such, not as a "damaged zip" — it never was one.
 */
function notShapefileMain(bytes: Uint8Array, file: string): ImportError {
  const exportAgain = {
    zh: '请在 GIS 软件中把该图层重新导出为 Shapefile，并把同名的 .shp、.shx、.dbf、.prj（及 .cpg）一起压缩为一个 .zip 后导入。',
    en: 'Export the layer again as a Shapefile from the GIS, and zip its .shp together with the .shx, .dbf, .prj (and .cpg) of the same name, then import the .zip.',
  };
  if (hasShapefileFileCode(bytes)) {
    return importError(
      'PARSE_ERROR',
      file,
      {
        zh: `.shp 文件头不完整（只有 ${bytes.length} 字节，应有 ${SHP_HEADER_BYTES} 字节），文件已损坏或被截断。`,
        en: `The .shp header is incomplete (${bytes.length} of ${SHP_HEADER_BYTES} bytes); the file is damaged or cut short.`,
      },
      exportAgain,
    );
  }
  return importError(
    'PARSE_ERROR',
    file,
    {
      zh: '该文件不是 Shapefile 主文件（ESRI .shp）：开头没有 Shapefile 文件头（文件代码 9994 缺失或不符），可能是其他文件改了扩展名，或已损坏。',
      en: 'The file is not an ESRI Shapefile main file (.shp): it does not start with a shapefile header (file code 9994 missing or wrong); it may be another file renamed, or damaged.',
    },
    exportAgain,
  );
}

export async function readShapefile(bytes: Uint8Array, options: ImportOptions): Promise<ImportOutcome> {
  const file = options.fileName;
  const limits = importLimits(options);
  const layersFiles: LayerFiles[] = [];
  if (isShapefileMain(bytes)) {
    const layer: LayerFiles = { name: file.replace(/\.shp$/i, ''), shp: bytes, bare: true };
    const refused = options.parts?.length ? await addLooseParts(layer, options.parts, file, limits) : undefined;
    if (refused) return fail(refused);
    layersFiles.push(layer);
  } else if (!startsLikeZip(bytes) && !/\.zip$/i.test(file)) {
    // Only a .zip, or bytes that start as one, is opened as a zip: anything else came as a
    // bare .shp (by its name or its file code) and is judged as one.
    return fail(notShapefileMain(bytes, file));
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
      const shp = await readEntry(shpEntry, file, limits);
      if (!shp.ok) return shp;
      const layer: LayerFiles = { name: base.split('/').pop() ?? base, shp: shp.value };
      for (const kind of ['dbf', 'prj', 'cpg'] as const) {
        const entry = parts.get(kind);
        if (!entry) continue;
        const read = await readEntry(entry, file, limits);
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

  if (options.oneLayer && layersFiles.length > 1) {
    return fail(
      severalLayers(
        file,
        layersFiles.map((layer) => cleanFileText(layer.name, 60)),
        { zh: '压缩包', en: 'The zip' },
        {
          zh: '把每个图层的 .shp、.shx、.dbf、.prj、.cpg 分别压缩为以图层命名的 zip（如 生态保护红线.zip）',
          en: 'Zip the .shp, .shx, .dbf, .prj and .cpg of each layer on its own, named after it (e.g. 生态保护红线.zip)',
        },
      ),
    );
  }

  const { parseShp } = await import('shpjs');
  const warnings: Bilingual[] = [];
  const layers: SourceLayer[] = [];
  const multiple = layersFiles.length > 1;
  let featureIndex = 0;
  for (const layerFiles of layersFiles) {
    let geometries: Geometry[];
    let records: Record<string, unknown>[] = [];
    // shpjs and parsedbf trust the counts in the files: checked against the bytes first.
    const fenced = checkShp(layerFiles, file, limits) ?? (layerFiles.dbf ? checkDbf(layerFiles, file, limits) : undefined);
    if (fenced) return fail(fenced);
    try {
      geometries = parseShp(layerFiles.shp) as Geometry[];
      if (layerFiles.dbf) {
        records = readDbf(layerFiles.dbf, dbfEncoding(layerFiles.dbf, layerFiles.cpg));
      }
    } catch (error) {
      return fail(
        importError(
          'PARSE_ERROR',
          file,
          {
            zh: `图层 ${cleanFileText(layerFiles.name, 100)} 的 .shp/.dbf 无法读取（${libraryNote(error).zh}）。`,
            en: `Layer ${cleanFileText(layerFiles.name, 100)}: the .shp/.dbf cannot be read (${libraryNote(error).en}).`,
          },
          { zh: '文件可能已损坏，请从原软件重新导出。', en: 'The file may be damaged; export it again from the source software.' },
        ),
      );
    }
    if (!layerFiles.dbf) {
      const remedy = missingPartRemedy('dbf', layerFiles.bare === true);
      warnings.push({
        zh: `图层 ${layerFiles.name} 没有 .dbf 属性表，只导入了几何形状。${remedy.zh}`,
        en: `Layer ${layerFiles.name} has no .dbf attribute table; only the geometry was imported. ${remedy.en}`,
      });
    }
    const layer: SourceLayer = {
      name: layerFiles.name,
      features: geometries.map((geometry, index) => {
        // readDbf makes a fresh object per record: used as it is, not copied.
        const properties: Record<string, unknown> = records[index] ?? {};
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
      } else if (options.crs) {
        warnings.push(chosenOverDeclared({ zh: `图层 ${layerFiles.name} 的 .prj 坐标系“${match.name}”`, en: `Layer ${layerFiles.name}: the .prj coordinate system "${match.name}"` }, options.crs));
      } else {
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
      const remedy = missingPartRemedy('prj', layerFiles.bare === true);
      warnings.push({
        zh: `图层 ${layerFiles.name} 没有 .prj 文件，坐标系按数值判断，请核对。${remedy.zh}`,
        en: `Layer ${layerFiles.name} has no .prj file; the CRS was detected from the numbers — check it. ${remedy.en}`,
      });
    }
    layers.push(layer);
  }
  return completeImport({ format: 'shapefile', layers, warnings }, options);
}
