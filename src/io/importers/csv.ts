/**
 * Boundary-point tables (界址点坐标表) as CSV, parsed with papaparse. Columns are found by
 * their headers, in Chinese or English:
 *   point    点号 / 界址点号 / 点名 / point / pt / no
 *   parcel   地块编号 / 宗地号 / 宗地编号 / 地块号 / parcel / parcel_id   (optional; separates parcels)
 *   X, Y     survey convention: X = NORTHING, Y = EASTING (REFERENCE.md; 《地籍调查规程》 tables),
 *            "X(北)" / "Y(东)" annotations are understood
 *   northing / easting / 北坐标 / 东坐标, or lon / lat / 经度 / 纬度
 * The coordinate pairs go to CRS detection in the order of the columns in the file; the
 * detection decides whether the first column is the northing (axisSwapped), so a table
 * whose "X" column really holds eastings still lands in the right place, with a warning.
 * A table without a header row (the list as many survey programs export it: "J1,4085987.606,
 * 40631608.617", or numbered with a height after) is read by its numbers: the first two
 * neighbouring columns that hold a northing and an easting (or a longitude and a latitude) of
 * the region are the coordinates, the nearest column before them that is not a number names the
 * points, and all rows are one parcel — a warning says which columns were taken.
 * Rings are closed automatically (a repeated closing point is dropped first).
 * Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, GBK (Excel on Chinese Windows).
 */
import type { Bilingual } from '../../data/catalog-types';
import { completeImport, importError, limitError, type SourceFeature } from '../complete-import';
import { closedRing } from '../point-ring';
import { cleanFileText, countOf, decodeText, wasWere } from '../text';
import { fail, importLimits, type ImportOptions, type ImportOutcome } from '../types';

type Role = 'point' | 'parcel' | 'northing' | 'easting' | 'lon' | 'lat';

const ROLE_NAMES: Record<Role, string[]> = {
  point: ['点号', '界址点号', '界址点', '点名', '点', 'point', 'pointid', 'pt', 'no', 'id'],
  parcel: ['地块编号', '地块号', '地块', '宗地号', '宗地编号', '宗地代码', 'parcel', 'parcelid', 'parcelno', 'plot'],
  northing: ['x', 'northing', 'north', 'n', '北坐标', '纵坐标', 'x坐标'],
  easting: ['y', 'easting', 'east', 'e', '东坐标', '横坐标', 'y坐标'],
  lon: ['lon', 'lng', 'long', 'longitude', '经度'],
  lat: ['lat', 'latitude', '纬度'],
};

function roleOf(header: string): Role | undefined {
  const trimmed = header.replace(/^\uFEFF/, '').trim();
  // "X(北)", "Y（东）", "X (m)": the bracketed note may name the axis explicitly.
  const note = /[(（]([^)）]*)[)）]/.exec(trimmed)?.[1] ?? '';
  const base = trimmed.replace(/[(（][^)）]*[)）]/g, '').replace(/[\s_\-.]/g, '').toLowerCase();
  if (/北|north/i.test(note) && (base === 'x' || base === 'y')) return 'northing';
  if (/东|east/i.test(note) && (base === 'x' || base === 'y')) return 'easting';
  for (const role of Object.keys(ROLE_NAMES) as Role[]) {
    if (ROLE_NAMES[role].includes(base)) return role;
  }
  return undefined;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A cell's text as a number is written ("4,085,987.606" without its separators), or undefined when it is no number. */
function numberText(cell: string): string | undefined {
  const text = cell.trim().replace(/,/g, '');
  return NUMBER.test(text) ? text : undefined;
}

/** What a number in a table without headers can be: the region's northings (3° or 6° zones), eastings (with or without the zone number in front), or degrees. */
function numberRole(cell: string): Role | undefined {
  const text = numberText(cell);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (value >= 3_800_000 && value <= 4_400_000) return 'northing';
  const metres = value % 1_000_000;
  const zone = Math.floor(value / 1_000_000);
  if (metres >= 100_000 && metres <= 900_000 && (zone === 0 || (zone >= 13 && zone <= 45))) return 'easting';
  // Degrees carry decimals; a point number (37, 120) does not.
  if (!text.includes('.')) return undefined;
  if (value >= 115 && value <= 128) return 'lon';
  if (value >= 33 && value <= 41) return 'lat';
  return undefined;
}

/**
 * The coordinate columns of a first row that is data, not headers: the first two neighbouring
 * cells whose numbers are a northing and an easting (in either order), else a longitude and a
 * latitude; and the point column: the nearest before them that is not a number ("1,J1,X,Y":
 * J1, not the sequence number), else the first.
 */
function headerlessColumns(row: string[]): Map<Role, number> | undefined {
  const roles = row.map(numberRole);
  for (let column = 0; column + 1 < roles.length; column++) {
    const pair = [roles[column], roles[column + 1]];
    const projected = pair.includes('northing') && pair.includes('easting');
    const geographic = pair.includes('lon') && pair.includes('lat');
    if (!projected && !geographic) continue;
    const columns = new Map<Role, number>([
      [pair[0]!, column],
      [pair[1]!, column + 1],
    ]);
    if (column > 0) {
      let point = column - 1;
      while (point > 0 && numberText(row[point]) !== undefined) point--;
      columns.set('point', point);
    }
    return columns;
  }
  return undefined;
}

/** The coordinate columns of a table without headers, as its warning names them. */
const HEADERLESS_ROLE: Record<'northing' | 'easting' | 'lon' | 'lat', Bilingual> = {
  northing: { zh: '北坐标（X）', en: 'northing (X)' },
  easting: { zh: '东坐标（Y）', en: 'easting (Y)' },
  lon: { zh: '经度', en: 'longitude' },
  lat: { zh: '纬度', en: 'latitude' },
};

interface Group {
  id: string;
  rows: { line: number; point: string; pair: [number, number] }[];
}

export async function readCsv(bytes: Uint8Array, options: ImportOptions): Promise<ImportOutcome> {
  const { text, encoding } = decodeText(bytes);
  const { default: Papa } = await import('papaparse');
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, delimitersToGuess: [',', '\t', ';', '|'] });
  // No delimiter found, every line one cell, and the first line words apart: a list copied out
  // of a Word or PDF 勘测定界 report ("点号 X Y", columns lined up with spaces, ideographic ones
  // too), read with runs of white space as the separator.
  const words = (line: string | undefined): string[] => (line ?? '').trim().split(/[\s\u3000]+/);
  const spaced = parsed.data.every((row) => row.length <= 1) && words(parsed.data.find((row) => (row[0] ?? '').trim() !== '')?.[0]).length > 1;
  const rows = spaced ? parsed.data.map((row) => words(row[0])) : parsed.data;
  const notes: Bilingual[] = encoding === 'gbk' ? [{ zh: '文件按 GBK 编码读取。', en: 'The file was read as GBK-encoded text.' }] : [];
  return readBoundaryRows(rows, options, { format: 'csv', notes });
}

/**
 * A boundary-point table given as rows of cell text — a CSV's, or a spreadsheet's
 * (importers/xlsx.ts) — read as described above: row n of `rows` is line n + 1 in messages.
 * `notes` are warnings about how the source was read (its encoding, its sheet), given after
 * the table's own.
 */
export function readBoundaryRows(rows: string[][], options: ImportOptions, source: { format: string; notes: Bilingual[] }): ImportOutcome {
  const file = options.fileName;
  const headerIndex = rows.findIndex((row) => row.some((cell) => cell.trim() !== ''));
  if (headerIndex < 0) {
    return fail(
      importError('EMPTY_FILE', file, { zh: '表格为空。', en: 'The table is empty.' }, { zh: '请选择包含界址点坐标的表格。', en: 'Choose a table with boundary-point coordinates.' }),
    );
  }
  const firstRow = rows[headerIndex].map((cell) => cell.replace(/^\uFEFF/, '').trim());
  // A first row whose numbers are coordinates of the region is data: a table without headers
  // (asked first: a point named "N" or "X" is no header). No header is such a number.
  const byNumbers = headerlessColumns(firstRow);
  const headerless = byNumbers !== undefined;
  const columns = byNumbers ?? new Map<Role, number>();
  if (!headerless) {
    firstRow.forEach((header, index) => {
      const role = roleOf(header);
      if (role && !columns.has(role)) columns.set(role, index);
    });
  }
  // Columns without a header are named by their place in messages: "#2".
  const headers = headerless ? firstRow.map((_, index) => `#${index + 1}`) : firstRow;
  const dataStart = headerless ? headerIndex : headerIndex + 1;
  // One row is one vertex: the vertex cap bounds the table before any group is built.
  const limits = importLimits(options);
  if (rows.length - dataStart > limits.maxVertices) {
    return fail(limitError(file, 'maxVertices', rows.length - dataStart, limits.maxVertices));
  }
  const projected = columns.has('northing') && columns.has('easting');
  const geographic = columns.has('lon') && columns.has('lat');
  if (!projected && !geographic) {
    return fail(
      importError(
        'MISSING_COLUMNS',
        file,
        {
          zh: `找不到坐标列。表头为：${cleanFileText(headers.join('、'))}。`,
          en: `No coordinate columns found. The headers are: ${cleanFileText(headers.join(', '))}.`,
        },
        {
          zh: '表头需包含 X 和 Y（X 为北坐标、Y 为东坐标），或 northing/easting、经度/纬度；可另有“点号”和“地块编号”列。没有表头的表，第一行须是坐标：相邻两列为本地区的北坐标与东坐标（或经度与纬度）。',
          en: 'The header row needs X and Y (X = northing, Y = easting, as in Chinese survey tables), or northing/easting, or lon/lat; optional "point" and "parcel" columns. A table without headers must start with a coordinate row: two neighbouring columns holding a northing and an easting of the region (or a longitude and a latitude).',
        },
      ),
    );
  }
  const [roleA, roleB] = projected ? (['northing', 'easting'] as const) : (['lon', 'lat'] as const);
  // Pairs are taken in the order the two columns stand in the file.
  const [firstColumn, secondColumn] = [columns.get(roleA)!, columns.get(roleB)!].sort((a, b) => a - b);
  const firstRole = columns.get(roleA) === firstColumn ? roleA : roleB;
  const pointColumn = columns.get('point');
  const parcelColumn = columns.get('parcel');
  const groups: Group[] = [];
  const groupById = new Map<string, Group>();
  const warnings: Bilingual[] = [];
  let skipped = 0;
  let currentParcel = '';
  for (let index = dataStart; index < rows.length; index++) {
    const row = rows[index];
    const line = index + 1;
    if (row.every((cell) => cell.trim() === '')) continue;
    const cellA = (row[firstColumn] ?? '').trim();
    const cellB = (row[secondColumn] ?? '').trim();
    if (cellA === '' && cellB === '') {
      // Notes such as "面积：…" below the table.
      skipped++;
      continue;
    }
    const point = pointColumn !== undefined ? (row[pointColumn] ?? '').trim() : String(line);
    const textA = numberText(cellA);
    const textB = numberText(cellB);
    for (const [cell, text, column] of [
      [cellA, textA, firstColumn],
      [cellB, textB, secondColumn],
    ] as const) {
      if (text === undefined) {
        return fail(
          importError(
            'NON_NUMERIC_CELL',
            file,
            {
              zh: `第 ${line} 行（点号 ${cleanFileText(point, 40) || '—'}）“${cleanFileText(headers[column], 60)}”列的值“${cleanFileText(cell, 60)}”不是数字。`,
              en: `Row ${line} (point ${cleanFileText(point, 40) || '—'}), column "${cleanFileText(headers[column], 60)}": "${cleanFileText(cell, 60)}" is not a number.`,
            },
            {
              zh: '请改正该单元格（常见原因：字母 O 与数字 0 混用、全角字符、空格或单位）。',
              en: 'Correct that cell (common causes: letter O for zero, full-width characters, spaces or units in the cell).',
            },
          ),
        );
      }
    }
    const pair: [number, number] = [Number(textA), Number(textB)];
    if (parcelColumn !== undefined) {
      // An empty parcel cell continues the parcel above (merged cells exported from Excel).
      const value = (row[parcelColumn] ?? '').trim();
      if (value) currentParcel = value;
    }
    const id = parcelColumn !== undefined ? currentParcel : '';
    // A map, not a search of the list: 40 000 parcels took 49 s with groups.find (issue 11).
    let group = groupById.get(id);
    if (!group) {
      group = { id, rows: [] };
      groups.push(group);
      groupById.set(id, group);
      if (groups.length > limits.maxFeatures) return fail(limitError(file, 'maxFeatures', groups.length, limits.maxFeatures));
    }
    group.rows.push({ line, point, pair });
  }
  if (skipped > 0) {
    warnings.push({
      zh: `${skipped} 行没有坐标，已跳过。`,
      en: `${countOf(skipped, 'row', 'rows')} without coordinates ${wasWere(skipped)} skipped.`,
    });
  }
  if (headerless) {
    const secondRole = firstRole === roleA ? roleB : roleA;
    const count = groups[0]?.rows.length ?? 0;
    warnings.push({
      zh: `表格没有表头，已按数值读取：第 ${firstColumn + 1} 列为${HEADERLESS_ROLE[firstRole].zh}，第 ${secondColumn + 1} 列为${HEADERLESS_ROLE[secondRole].zh}${pointColumn !== undefined ? `，第 ${pointColumn + 1} 列为点号` : ''}；全部 ${count} 个点作为一个地块。请核对。`,
      en: `The table has no header row and was read by its numbers: column ${firstColumn + 1} as the ${HEADERLESS_ROLE[firstRole].en}, column ${secondColumn + 1} as the ${HEADERLESS_ROLE[secondRole].en}${pointColumn !== undefined ? `, column ${pointColumn + 1} as the point names` : ''}; all ${count} points as one parcel. Check it.`,
    });
  }
  warnings.push(...source.notes);
  const features: SourceFeature[] = [];
  for (const group of groups) {
    const first = group.rows[0];
    const last = group.rows[group.rows.length - 1];
    const where: Bilingual = {
      zh: `${group.id ? `地块 ${cleanFileText(group.id, 60)}` : '地块'}（第 ${first.line}–${last.line} 行）`,
      en: `${group.id ? `parcel ${cleanFileText(group.id, 60)}` : 'parcel'} (rows ${first.line}–${last.line})`,
    };
    const ring = closedRing(group.rows.map((row) => row.pair));
    if (typeof ring === 'number') {
      return fail(
        importError(
          'TOO_FEW_POINTS',
          file,
          {
            zh: `${where.zh}只有 ${ring} 个界址点，至少需要 3 个才能围成地块。`,
            en: `${where.en} has ${countOf(ring, 'boundary point', 'boundary points')}; at least 3 are needed to enclose a parcel.`,
          },
          { zh: '请补全该地块的界址点，或检查地块编号列是否填错。', en: 'Complete the boundary points of that parcel, or check the parcel column.' },
        ),
      );
    }
    const properties: Record<string, unknown> =
      parcelColumn !== undefined ? { [headers[parcelColumn]]: group.id } : {};
    properties.boundary_points = group.rows.map((row) => row.point).join(',');
    features.push({ geometry: { type: 'Polygon', coordinates: [ring] }, properties, where });
  }
  const outcome = completeImport({ format: source.format, layers: [{ features }], warnings }, options);
  // A table without headers was read by its numbers: no header to contradict.
  if (outcome.ok && options.axisSwapped === undefined && !headerless) {
    // The headers say which column should be the northing (X in survey tables); the numbers decide.
    const headerSaysSwapped = firstRole === 'northing' || firstRole === 'lat';
    if (headerSaysSwapped !== outcome.value.crs.axisSwapped) {
      const column = cleanFileText(headers[firstColumn], 60);
      outcome.value.warnings.push({
        zh: `“${column}”列的数值${outcome.value.crs.axisSwapped ? '是北坐标/纬度' : '是东坐标/经度'}，与表头含义相反；已按数值读取，请核对。`,
        en: `Column "${column}" holds ${outcome.value.crs.axisSwapped ? 'northings/latitudes' : 'eastings/longitudes'}, the opposite of what its header means; read by the numbers — check it.`,
      });
    }
  }
  return outcome;
}
