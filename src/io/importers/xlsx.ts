/**
 * Boundary-point tables (界址点坐标表) as Excel workbooks (.xlsx), the form they most often
 * reach a planning bureau in. Each sheet's cells become rows of text and go through the same
 * reading as a CSV (csv.ts readBoundaryRows: columns by their headers, or by their numbers
 * in a list without headers). The first sheet holding coordinates is read; a warning names it
 * when the workbook has other sheets with content.
 *
 * Two libraries, each for what it does well, and the limits ours:
 * - the archive is opened with jszip through zip.ts, so its members are inflated under the
 *   import limits (size recorded in the directory, deflate's ratio, CRC-32) — only the XML
 *   parts a workbook's cells live in;
 * - those parts, stored uncompressed in a new archive, are read by read-excel-file's
 *   universal build (no Node APIs): shared strings, inline strings, numbers, booleans, dates
 *   and formulas' cached values. Stored, its unzip (fflate) has nothing to inflate: it would
 *   otherwise inflate members over 512 KB in Web Workers made from blob: URLs, which the
 *   atlas's content security policy does not allow.
 * Numbers come as the spreadsheet stores them (IEEE doubles), written as the shortest text
 * that reads back as the same double — the digits the surveyor typed.
 *
 * Excel 97–2003 workbooks (.xls, a binary format) are refused with what to do: save as
 * .xlsx or CSV.
 */
import type { Bilingual } from '../../data/catalog-types';
import { importError } from '../complete-import';
import { cleanFileText, libraryNote } from '../text';
import { openZip, readEntry, startsLikeZip, zipEntries } from '../zip';
import { fail, importLimits, type ImportOptions, type ImportOutcome } from '../types';
import { readBoundaryRows } from './csv';

/** The start of an OLE2 compound file: an Excel 97–2003 workbook (.xls). */
const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Archive parts read-excel-file reads: the workbook, its sheets, shared strings and styles (for dates), and the relations between them. */
function isWorkbookPart(name: string): boolean {
  return /\.xml$/i.test(name) || /\.rels$/i.test(name);
}

const SAVE_AGAIN: Bilingual = {
  zh: '请在 Excel 或 WPS 中打开该文件，另存为“Excel 工作簿（.xlsx）”或 CSV 后再导入。',
  en: 'Open the file in Excel or WPS, save it as an "Excel Workbook (.xlsx)" or as CSV, then import it.',
};

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return String(value);
}

export async function readXlsx(bytes: Uint8Array, options: ImportOptions): Promise<ImportOutcome> {
  const file = options.fileName;
  if (OLE2_SIGNATURE.every((byte, index) => bytes[index] === byte)) {
    return fail(
      importError(
        'UNSUPPORTED_FORMAT',
        file,
        { zh: '这是 Excel 97–2003 工作簿（.xls），图集无法读取这种旧的二进制格式。', en: 'This is an Excel 97–2003 workbook (.xls), an old binary format the atlas cannot read.' },
        SAVE_AGAIN,
      ),
    );
  }
  if (!startsLikeZip(bytes)) {
    return fail(
      importError(
        'PARSE_ERROR',
        file,
        { zh: '文件不是 Excel 工作簿（.xlsx 是 zip 压缩包，此文件不是）。', en: 'The file is not an Excel workbook (an .xlsx is a zip archive; this file is not one).' },
        SAVE_AGAIN,
      ),
    );
  }
  const limits = importLimits(options);
  const opened = await openZip(bytes, file);
  if (!opened.ok) return opened;
  const { default: JSZip } = await import('jszip');
  const parts = new JSZip();
  for (const entry of zipEntries(opened.value).filter((candidate) => isWorkbookPart(candidate.name))) {
    const read = await readEntry(entry, file, limits);
    if (!read.ok) return read;
    parts.file(entry.name, read.value, { compression: 'STORE' });
  }
  const stored = await parts.generateAsync({ type: 'arraybuffer', compression: 'STORE' });
  const { default: readXlsxFile } = await import('read-excel-file/universal');
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    sheets = (await readXlsxFile(stored)) as { sheet: string; data: unknown[][] }[];
  } catch (error) {
    return fail(
      importError(
        'PARSE_ERROR',
        file,
        { zh: `Excel 工作簿无法读取（${libraryNote(error).zh}）。`, en: `The Excel workbook cannot be read (${libraryNote(error).en}).` },
        SAVE_AGAIN,
      ),
    );
  }
  const withContent = sheets
    .map((sheet) => ({ name: sheet.sheet, rows: sheet.data.map((row) => row.map(cellText)) }))
    .filter((sheet) => sheet.rows.some((row) => row.some((cell) => cell.trim() !== '')));
  if (withContent.length === 0) {
    return fail(
      importError('EMPTY_FILE', file, { zh: '工作簿中没有内容。', en: 'The workbook has no content.' }, { zh: '请选择包含界址点坐标的工作簿。', en: 'Choose a workbook with boundary-point coordinates.' }),
    );
  }
  // The first sheet whose table has coordinate columns; failing that, the first sheet's refusal.
  let first: ImportOutcome | undefined;
  for (const sheet of withContent) {
    const others = withContent.length - 1;
    const name = cleanFileText(sheet.name, 60);
    const notes: Bilingual[] =
      others > 0
        ? [{ zh: `读取了工作表“${name}”；另有 ${others} 个工作表未读取。`, en: `Sheet "${name}" was read; ${others} other sheet${others === 1 ? ' was' : 's were'} not.` }]
        : [];
    const outcome = readBoundaryRows(sheet.rows, options, { format: 'xlsx', notes });
    if (outcome.ok) return outcome;
    // In a workbook of several sheets, a refusal says which sheet its rows are on.
    const refusal = others > 0 ? { ...outcome, error: { ...outcome.error, message: { zh: `工作表“${name}”：${outcome.error.message.zh}`, en: `Sheet "${name}": ${outcome.error.message.en}` } } } : outcome;
    if (outcome.error.code !== 'MISSING_COLUMNS') return refusal;
    first ??= refusal;
  }
  return first!;
}
