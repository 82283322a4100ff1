/**
 * The one list of importers, used by the app, the worker and the CLIs
 * (CONVENTIONS.md "One importer per format behind a registry"). Each importer's parser is
 * loaded on demand with a dynamic import(), so opening the atlas does not pay for shpjs,
 * papaparse, togeojson, flatgeobuf or jszip until a file of that kind arrives.
 */
import { extensionOf } from './chosen-files';
import type { Bilingual } from '../data/catalog-types';
import { importError, limitError } from './complete-import';
import { looksLikeBaopanTxt, readBaopanTxt } from './importers/baopan-txt';
import { cleanFileText, isBlank, libraryNote } from './text';
import { fail, importLimits, type ImportError, type Importer, type ImportOptions, type ImportOutcome } from './types';
import { IMPORT_FORMAT_LABELS } from './format-labels';
import { startsLikeZip } from './zip';

function startsWithText(bytes: Uint8Array, pattern: RegExp, length = 512): boolean {
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, length)).replace(/^\uFEFF/, '');
  return pattern.test(head);
}

/** File names of a zip, read from its local headers without inflating (sniffing must be synchronous). */
function zipNames(bytes: Uint8Array): string[] {
  const names: string[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset + 30 <= bytes.length && view.getUint32(offset, true) === 0x04034b50 && names.length < 100) {
    const compressed = view.getUint32(offset + 18, true);
    const nameLength = view.getUint16(offset + 26, true);
    const extraLength = view.getUint16(offset + 28, true);
    names.push(new TextDecoder().decode(bytes.subarray(offset + 30, offset + 30 + nameLength)));
    const flags = view.getUint16(offset + 6, true);
    if (flags & 0x08) break; // sizes in a trailing data descriptor: stop rather than guess
    offset += 30 + nameLength + extraLength + compressed;
  }
  return names;
}

export const importers: Importer[] = [
  {
    id: 'geojson',
    label: IMPORT_FORMAT_LABELS['geojson']!,
    extensions: ['geojson', 'json'],
    sniff: (bytes) => startsWithText(bytes, /^\s*\{/) && startsWithText(bytes, /"type"\s*:/, 4096),
    read: async (bytes, options) => (await import('./importers/geojson')).readGeoJson(bytes, options),
  },
  {
    id: 'shapefile',
    label: IMPORT_FORMAT_LABELS['shapefile']!,
    extensions: ['zip', 'shp'],
    sniff: (bytes) =>
      (startsLikeZip(bytes) && zipNames(bytes).some((name) => /\.shp$/i.test(name))) ||
      (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x27 && bytes[3] === 0x0a),
    read: async (bytes, options) => (await import('./importers/shapefile')).readShapefile(bytes, options),
  },
  {
    id: 'kml',
    label: IMPORT_FORMAT_LABELS['kml']!,
    extensions: ['kml'],
    // Not a zip: a KMZ whose doc.kml is stored uncompressed shows "<kml" in its first bytes too.
    sniff: (bytes) => !startsLikeZip(bytes) && startsWithText(bytes, /<kml[\s>]/i, 2048),
    read: async (bytes, options) => (await import('./importers/kml')).readKml(bytes, options),
  },
  {
    id: 'kmz',
    label: IMPORT_FORMAT_LABELS['kmz']!,
    extensions: ['kmz'],
    sniff: (bytes) => startsLikeZip(bytes) && zipNames(bytes).some((name) => /\.kml$/i.test(name)),
    read: async (bytes, options) => (await import('./importers/kml')).readKmz(bytes, options),
  },
  {
    id: 'dxf',
    label: IMPORT_FORMAT_LABELS['dxf']!,
    extensions: ['dxf'],
    sniff: (bytes) => startsWithText(bytes, /^\s*0\s*\r?\n\s*SECTION/),
    read: async (bytes, options) => (await import('./importers/dxf')).readDxf(bytes, options),
  },
  {
    id: 'csv',
    label: IMPORT_FORMAT_LABELS['csv']!,
    extensions: ['csv', 'txt', 'tsv'],
    read: async (bytes, options) => (await import('./importers/csv')).readCsv(bytes, options),
  },
  {
    // A zip holding xl/workbook.xml. A file named .xls is taken by its name (the OLE2 signature
    // of Excel 97–2003 is shared by Word's and others' files) and refused with what to do, or
    // read as the tab-separated text many systems export under that name.
    id: 'xlsx',
    label: IMPORT_FORMAT_LABELS['xlsx']!,
    extensions: ['xlsx'],
    alsoTakes: ['xls'],
    sniff: (bytes) => startsLikeZip(bytes) && zipNames(bytes).some((name) => name === 'xl/workbook.xml'),
    read: async (bytes, options) => (await import('./importers/xlsx')).readXlsx(bytes, options),
  },
  {
    // A surveyor's point list (点名,编码,Y,X,高程, no header): no signature, found by its extension.
    id: 'cass-dat',
    label: IMPORT_FORMAT_LABELS['cass-dat']!,
    extensions: ['dat'],
    read: async (bytes, options) => (await import('./importers/cass-dat')).readCassDat(bytes, options),
  },
  {
    // After `csv`, so a .txt without 电子报盘 sections still opens as a table; found by its
    // [属性描述]/[地块坐标] headers. Loaded statically: no parser library behind it.
    id: 'baopan-txt',
    label: IMPORT_FORMAT_LABELS['baopan-txt']!,
    extensions: ['txt'],
    sniff: looksLikeBaopanTxt,
    read: readBaopanTxt,
  },
  {
    id: 'flatgeobuf',
    label: IMPORT_FORMAT_LABELS['flatgeobuf']!,
    extensions: ['fgb'],
    sniff: (bytes) => bytes.length >= 4 && bytes[0] === 0x66 && bytes[1] === 0x67 && bytes[2] === 0x62 && bytes[3] === 0x03,
    read: async (bytes, options) => (await import('./importers/flatgeobuf')).readFlatGeobuf(bytes, options),
  },
];

/** "GeoJSON (.geojson, .json); Shapefile (zipped) (.zip, .shp); …" in one language. */
export function supportedFormats(lang: 'zh' | 'en'): string {
  return importers
    .map((importer) => `${importer.label[lang]} (${importer.extensions.map((extension) => `.${extension}`).join(', ')})`)
    .join(lang === 'zh' ? '；' : '; ');
}

/**
 * The importer for a file: by content when the bytes carry a signature (zip, FlatGeobuf,
 * shapefile, DXF, KML, GeoJSON — a .zip may be a shapefile or a KMZ, and downloads are
 * often misnamed), else by extension (CSV has no signature).
 */
export function pickImporter(bytes: Uint8Array, fileName: string): Importer | undefined {
  const sniffed = importers.find((importer) => importer.sniff?.(bytes));
  if (sniffed) return sniffed;
  const extension = extensionOf(fileName);
  return importers.find((importer) => importer.extensions.includes(extension)) ?? importers.find((importer) => importer.alsoTakes?.includes(extension));
}

/** TOO_LARGE for a file of `size` bytes past the cap (the first gate, before a byte is read), else undefined. */
export function fileSizeRefusal(size: number, options: ImportOptions): ImportError | undefined {
  const cap = importLimits(options).maxFileBytes;
  return size > cap ? limitError(options.fileName, 'maxFileBytes', size, cap) : undefined;
}

/**
 * Imports one file: picks the importer by extension (then by the bytes), parses, detects
 * or applies the CRS, converts to lon/lat and validates. Never throws.
 *
 * @param bytes the whole file
 * @param options file name (for the extension and messages), CRS override, repair switch
 * @returns features in lon/lat with the CRS assumption and warnings, or an ImportError
 */
export async function importFile(bytes: Uint8Array, options: ImportOptions): Promise<ImportOutcome> {
  const file = options.fileName;
  const tooLarge = fileSizeRefusal(bytes.length, options);
  if (tooLarge) return fail(tooLarge);
  if (bytes.length === 0 || isBlank(bytes)) {
    return fail(
      importError(
        'EMPTY_FILE',
        file,
        { zh: '文件是空的（0 字节或只有空白）。', en: 'The file is empty (0 bytes or only whitespace).' },
        { zh: '请检查导出是否成功，或选择其他文件。', en: 'Check that the export succeeded, or choose another file.' },
      ),
    );
  }
  const importer = pickImporter(bytes, file);
  if (!importer) {
    const extension = extensionOf(file);
    return fail(
      importError(
        'UNSUPPORTED_FORMAT',
        file,
        {
          zh: `不支持${extension ? ` .${extension} ` : '该'}格式的文件。`,
          en: `Files of type ${extension ? `.${extension}` : 'this kind'} are not supported.`,
        },
        {
          zh: `支持的格式：${supportedFormats('zh')}。`,
          en: `Supported formats: ${supportedFormats('en')}.`,
        },
      ),
    );
  }
  let outcome: ImportOutcome;
  try {
    outcome = await importer.read(bytes, options);
  } catch (error) {
    // A parser bug must still reach the person as a message, not a stack trace.
    const reason = libraryNote(error);
    outcome = fail(
      importError(
        'PARSE_ERROR',
        file,
        {
          zh: `读取 ${importer.label.zh} 文件时出错。${reason.zh}`,
          en: `Reading the ${importer.label.en} file failed: ${reason.en}`,
        },
        { zh: '文件可能已损坏，请重新导出后再试。', en: 'The file may be damaged; export it again and retry.' },
      ),
    );
  }
  return outcome.ok ? outcome : fail(cleanImportError(outcome.error));
}

/** Longest message or hint (characters) an import error carries, whatever went into it. */
const MESSAGE_MAX = 600;

/**
 * The last gate before a person (or a terminal) reads an error: whatever an importer
 * quoted from the file, no control characters and no message longer than MESSAGE_MAX
 * (the importers already cut what they quote to 200 characters; this catches the rest).
 */
export function cleanImportError(error: ImportError): ImportError {
  const clean = (text: Bilingual): Bilingual => ({ zh: cleanFileText(text.zh, MESSAGE_MAX), en: cleanFileText(text.en, MESSAGE_MAX) });
  return { ...error, file: cleanFileText(error.file, 200), message: clean(error.message), hint: clean(error.hint) };
}

export type { ImportOptions };
