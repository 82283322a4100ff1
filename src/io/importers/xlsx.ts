/**
 * Boundary-point tables (界址点坐标表) as Excel workbooks (.xlsx), the form they most often
 * reach a planning bureau in. Each sheet's cells become rows of text and go through the same
 * reading as a CSV (csv.ts readBoundaryRows: columns by their headers, or by their numbers
 * in a list without headers). The first sheet holding coordinates is read: sheets without
 * coordinate columns, or with headers and no rows (a template), are passed over; any other
 * refusal of that sheet is the workbook's, naming the sheet. A warning names the sheet read
 * when the workbook has others with content.
 *
 * Two libraries, each for what it does well, and the limits ours:
 * - the archive is opened with jszip through zip.ts, so its members are inflated under the
 *   import limits (size recorded in the directory, deflate's ratio, CRC-32) — only the parts
 *   a workbook's cells live in, and no more than `limits.maxInflatedBytes` of them together;
 * - each sheet's extent is read from its row and cell references before anything else parses
 *   it: the spreadsheet reader builds the whole grid up to the last cell, so a 4 KB sheet
 *   naming cell XFD1048576 would otherwise fill the memory (SHEET_CELLS_MAX);
 * - those parts, stored uncompressed in a new archive, are read sheet by sheet by
 *   read-excel-file's universal build (no Node APIs): shared strings, inline strings, numbers,
 *   booleans, dates and formulas' cached values. Stored, its unzip (fflate) has nothing to
 *   inflate: it would otherwise inflate members over 512 KB in Web Workers made from blob:
 *   URLs, which the atlas's content security policy does not allow.
 * Numbers come as the spreadsheet stores them (IEEE doubles), written as the shortest text
 * that reads back as the same double — the digits the surveyor typed.
 *
 * Excel 97–2003 workbooks (.xls, a binary format) and web pages saved as .xls are refused with
 * what to do; an .xls that is plain text (a tab-separated export) is read as a CSV.
 */
import type { Bilingual } from '../../data/catalog-types';
import { importError, limitError } from '../complete-import';
import { cleanFileText, countOf, libraryNote } from '../text';
import { openZip, readEntry, startsLikeZip, zipEntries } from '../zip';
import { fail, importLimits, type ImportError, type ImportOptions, type ImportOutcome } from '../types';
import { readBoundaryRows, readCsv } from './csv';

const utf8 = new TextDecoder();

/** The start of an OLE2 compound file: an Excel 97–2003 workbook (.xls). */
const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The parts of a workbook its cells are read from (the paths Excel, WPS and GDAL write). */
const WORKBOOK_PART = /^(\[Content_Types\]\.xml|_rels\/\.rels|xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|styles\.xml|worksheets\/[^/]+\.xml))$/;

/** Cells up to a sheet's last (rows × columns) read at most: a 1,000,000-point table of 4 columns. */
export const SHEET_CELLS_MAX = 4_000_000;
/** Sheets looked at for a table, in order. */
const SHEETS_MAX = 50;
/** The largest sheet Excel itself makes: 1,048,576 rows, 16,384 columns (XFD). */
const EXCEL_ROWS = 1_048_576;
const EXCEL_COLUMNS = 16_384;

const SAVE_AGAIN: Bilingual = {
  zh: '请在 Excel 或 WPS 中打开该文件，另存为“Excel 工作簿（.xlsx）”或 CSV 后再导入。',
  en: 'Open the file in Excel or WPS, save it as an "Excel Workbook (.xlsx)" or as CSV, then import it.',
};

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return String(value);
}

/** Column letters as a number: A = 1, Z = 26, AA = 27 … (a letter past Excel's 3 gives a number past its last column). */
function columnNumber(letters: string): number {
  let number = 0;
  for (const letter of letters) number = number * 26 + (letter.charCodeAt(0) - 64);
  return number;
}

/** The rows and columns a sheet's XML reaches, from its `<row r>` and `<c r>` references (a row or cell without one follows the one before). */
export function sheetExtent(xml: string): { rows: number; columns: number } {
  let rows = 0;
  let columns = 0;
  let row = 0;
  let column = 0;
  for (const match of xml.matchAll(/<(?:[\w-]+:)?(row|c)\b([^>]*)>/g)) {
    const reference = /\br\s*=\s*["']([^"']*)["']/.exec(match[2])?.[1];
    if (match[1] === 'row') {
      const number = reference !== undefined ? Number(reference) : row + 1;
      row = Number.isFinite(number) ? number : row + 1;
      column = 0;
      rows = Math.max(rows, row);
    } else {
      const cell = reference !== undefined ? /^([A-Za-z]+)(\d+)$/.exec(reference) : null;
      column = cell ? columnNumber(cell[1].toUpperCase()) : column + 1;
      if (cell) rows = Math.max(rows, Number(cell[2]));
      columns = Math.max(columns, column);
    }
  }
  return { rows, columns };
}

/** XML's five named character references, as sheet names in workbook.xml use them. */
function xmlText(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]!);
}

/** The value of attribute `name` (any prefix) in a tag's attribute text. */
function attribute(attributes: string, name: string): string | undefined {
  const value = new RegExp(`(?:^|\\s)(?:[\\w-]+:)?${name}\\s*=\\s*"([^"]*)"`).exec(attributes)?.[1];
  return value === undefined ? undefined : xmlText(value);
}

/** The sheets of workbook.xml in order: each one's name and, through the workbook's relations, its part. */
function workbookSheets(workbookXml: string, relationsXml: string): { name: string; part?: string }[] {
  const targets = new Map<string, string>();
  for (const match of relationsXml.matchAll(/<(?:[\w-]+:)?Relationship\b([^>]*)>/g)) {
    const id = attribute(match[1], 'Id');
    const target = attribute(match[1], 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  return [...workbookXml.matchAll(/<(?:[\w-]+:)?sheet\b([^>]*)>/g)].map((match) => ({
    name: attribute(match[1], 'name') ?? '',
    part: targets.get(attribute(match[1], 'id') ?? ''),
  }));
}

function inSheet(error: ImportError, name: string): ImportError {
  return { ...error, message: { zh: `工作表“${name}”：${error.message.zh}`, en: `Sheet "${name}": ${error.message.en}` } };
}

/** Refusals that say a sheet holds no table (no coordinate columns, or headers and no rows): the next sheet is looked at. */
const NOT_A_TABLE = new Set(['MISSING_COLUMNS', 'EMPTY_COLLECTION', 'EMPTY_FILE']);

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
    const start = utf8.decode(bytes.subarray(0, 512)).replace(/^\uFEFF/, '').trimStart();
    if (start.startsWith('<')) {
      return fail(
        importError(
          'UNSUPPORTED_FORMAT',
          file,
          { zh: '这是保存成 Excel 文件名的网页（HTML）表格，不是 Excel 工作簿。', en: 'This is a web page (HTML) table saved under an Excel name, not an Excel workbook.' },
          SAVE_AGAIN,
        ),
      );
    }
    // Systems often export tab-separated text named .xls: read as the table it is.
    if (/\.xls$/i.test(file)) return readCsv(bytes, options);
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
  /** Each sheet part's extent, read as it is inflated (its text is not kept). */
  const extents = new Map<string, { rows: number; columns: number }>();
  let workbookXml = '';
  let relationsXml = '';
  let inflated = 0;
  for (const entry of zipEntries(opened.value).filter((candidate) => WORKBOOK_PART.test(candidate.name))) {
    const read = await readEntry(entry, file, limits);
    if (!read.ok) return read;
    inflated += read.value.length;
    if (inflated > limits.maxInflatedBytes) {
      return fail(limitError(file, 'maxInflatedBytes', inflated, limits.maxInflatedBytes, { zh: '工作簿各部分合计', en: "the workbook's parts together" }));
    }
    if (entry.name === 'xl/workbook.xml') workbookXml = utf8.decode(read.value);
    if (entry.name === 'xl/_rels/workbook.xml.rels') relationsXml = utf8.decode(read.value);
    if (entry.name.startsWith('xl/worksheets/')) extents.set(entry.name, sheetExtent(utf8.decode(read.value)));
    parts.file(entry.name, read.value, { compression: 'STORE' });
  }
  const sheets = workbookSheets(workbookXml, relationsXml);
  for (const [part, { rows, columns }] of extents) {
    const named = sheets.find((sheet) => sheet.part === part)?.name;
    const where = named !== undefined ? `“${cleanFileText(named, 60)}”` : cleanFileText(part.replace(/^xl\/worksheets\//, ''), 60);
    const whereEn = named !== undefined ? `"${cleanFileText(named, 60)}"` : where;
    if (rows > EXCEL_ROWS || columns > EXCEL_COLUMNS) {
      return fail(
        importError(
          'PARSE_ERROR',
          file,
          {
            zh: `工作表${where}的单元格位置超出 Excel 的范围（最多 1,048,576 行、16,384 列，此表到第 ${rows} 行、第 ${columns} 列）：文件已损坏或不是 Excel 所写。`,
            en: `Sheet ${whereEn} places cells beyond Excel's range (at most 1,048,576 rows and 16,384 columns; this one reaches row ${rows}, column ${columns}): the file is damaged or was not written by Excel.`,
          },
          SAVE_AGAIN,
        ),
      );
    }
    if (rows * columns > SHEET_CELLS_MAX) {
      return fail(
        importError(
          'TOO_LARGE',
          file,
          {
            zh: `工作表${where}的表格范围为 ${rows.toLocaleString('en-US')} 行 × ${columns.toLocaleString('en-US')} 列，超过图集读取 Excel 的上限 ${SHEET_CELLS_MAX.toLocaleString('en-US')} 个单元格。`,
            en: `Sheet ${whereEn} spans ${countOf(rows.toLocaleString('en-US'), 'row', 'rows')} × ${countOf(columns.toLocaleString('en-US'), 'column', 'columns')}, over the ${SHEET_CELLS_MAX.toLocaleString('en-US')} cells the atlas reads from a workbook.`,
          },
          {
            zh: '请删除表格之外的空行、空列或格式后重新保存，或另存为 CSV（CSV 无此上限）。',
            en: 'Delete the empty rows, columns or formatting beyond the table and save again, or save it as CSV (which has no such limit).',
          },
        ),
      );
    }
  }
  const names = sheets.map((sheet) => sheet.name);
  if (names.length === 0) {
    return fail(importError('PARSE_ERROR', file, { zh: '工作簿中没有工作表。', en: 'The workbook has no sheets.' }, SAVE_AGAIN));
  }
  const stored = await parts.generateAsync({ type: 'arraybuffer', compression: 'STORE' });
  const { readSheet } = await import('read-excel-file/universal');
  const tables: { name: string; rows: string[][] }[] = [];
  for (const [index, name] of names.slice(0, SHEETS_MAX).entries()) {
    let data: unknown[][];
    try {
      data = (await readSheet(stored, index + 1)) as unknown[][];
    } catch (error) {
      const note = libraryNote(error);
      return fail(
        importError(
          'PARSE_ERROR',
          file,
          { zh: `工作表“${cleanFileText(name, 60)}”无法读取（${note.zh}）。`, en: `Sheet "${cleanFileText(name, 60)}" cannot be read (${note.en}).` },
          SAVE_AGAIN,
        ),
      );
    }
    const rows = data.map((row) => row.map(cellText));
    if (rows.some((row) => row.some((cell) => cell.trim() !== ''))) tables.push({ name: cleanFileText(name, 60), rows });
  }
  if (tables.length === 0) {
    return fail(
      importError('EMPTY_FILE', file, { zh: '工作簿中没有内容。', en: 'The workbook has no content.' }, { zh: '请选择包含界址点坐标的工作簿。', en: 'Choose a workbook with boundary-point coordinates.' }),
    );
  }
  const skipped = names.length > SHEETS_MAX ? { zh: `（只查看了前 ${SHEETS_MAX} 个工作表）`, en: ` (only the first ${SHEETS_MAX} sheets were looked at)` } : { zh: '', en: '' };
  let first: ImportError | undefined;
  for (const sheet of tables) {
    const others = tables.length - 1;
    const notes: Bilingual[] =
      others > 0
        ? [{ zh: `读取了工作表“${sheet.name}”；另有 ${others} 个工作表未读取。`, en: `Sheet "${sheet.name}" was read; ${countOf(others, 'other sheet was', 'other sheets were')} not.` }]
        : [];
    const outcome = readBoundaryRows(sheet.rows, options, { format: 'xlsx', notes });
    if (outcome.ok) return outcome;
    const error = others > 0 ? inSheet(outcome.error, sheet.name) : outcome.error;
    // The first sheet with a table decides: a fault in it is not passed over for a later sheet.
    if (!NOT_A_TABLE.has(outcome.error.code)) return { ...outcome, error };
    first ??= error;
  }
  return fail({ ...first!, message: { zh: first!.message.zh + skipped.zh, en: first!.message.en + skipped.en } });
}
