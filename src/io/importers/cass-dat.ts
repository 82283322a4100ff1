/**
 * CASS coordinate data files (南方 CASS 坐标数据文件, `*.dat`): the surveyor's plain point list,
 * one point a line, comma-separated, with no header row:
 *
 *   点名,编码,Y(东),X(北),高程          e.g.  J1,,40512345.678,4087654.321,12.300
 *
 * (CASS 5.0 reference manual, ch. 5 "CASS5.0的文件结构", 5.1 坐标数据文件; the code may be empty,
 * the height is often 0.) Unlike a survey table, the easting comes first. The file has no parcel
 * grouping, so it is read as one parcel whose boundary points are the lines in file order — the
 * way a 界址点 list exported for one red line is written; a repeated closing point is dropped,
 * then the ring is closed. A topographic point cloud saved as .dat is not a boundary: its ring
 * crosses itself and the common checks refuse it, naming the crossing.
 * Encodings: UTF-8 (with or without BOM) or GBK, as CASS on Chinese Windows writes it.
 */
import type { Bilingual } from '../../data/catalog-types';
import { completeImport, importError, limitError } from '../complete-import';
import { closedRing } from '../point-ring';
import { cleanFileText, countOf, decodeText } from '../text';
import { fail, importLimits, type ImportOptions, type ImportOutcome } from '../types';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The remedy every refusal of a line ends with: what a CASS line looks like. */
const LINE_FORMAT: Bilingual = {
  zh: 'CASS 坐标数据文件每行为“点名,编码,Y(东坐标),X(北坐标),高程”，以半角逗号分隔，编码可空；请改正该行，或把坐标表另存为带表头的 CSV 再导入。',
  en: 'Each line of a CASS coordinate file is "name,code,Y (easting),X (northing),height", separated by ASCII commas, the code may be empty; correct that line, or save the table as a CSV with a header row and import that.',
};

export async function readCassDat(bytes: Uint8Array, options: ImportOptions): Promise<ImportOutcome> {
  const file = options.fileName;
  const { text, encoding } = decodeText(bytes);
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const limits = importLimits(options);
  if (lines.length > limits.maxVertices) return fail(limitError(file, 'maxVertices', lines.length, limits.maxVertices));
  const points: { line: number; name: string; pair: [number, number] }[] = [];
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index].trim();
    if (raw === '') continue;
    const line = index + 1;
    const fields = raw.split(',').map((field) => field.trim());
    const name = fields[0] ?? '';
    if (fields.length < 4) {
      return fail(
        importError(
          'MISSING_COLUMNS',
          file,
          {
            zh: `第 ${line} 行只有 ${fields.length} 项（“${cleanFileText(raw, 60)}”），缺少东坐标或北坐标。`,
            en: `Line ${line} has ${countOf(fields.length, 'field', 'fields')} ("${cleanFileText(raw, 60)}"): the easting or the northing is missing.`,
          },
          LINE_FORMAT,
        ),
      );
    }
    for (const [column, label] of [
      [2, { zh: '东坐标（第 3 项）', en: 'easting (3rd field)' }],
      [3, { zh: '北坐标（第 4 项）', en: 'northing (4th field)' }],
    ] as const) {
      if (!NUMBER.test(fields[column])) {
        return fail(
          importError(
            'NON_NUMERIC_CELL',
            file,
            {
              zh: `第 ${line} 行（点名 ${cleanFileText(name, 40) || '—'}）的${label.zh}“${cleanFileText(fields[column], 60)}”不是数字。`,
              en: `Line ${line} (point ${cleanFileText(name, 40) || '—'}): the ${label.en} "${cleanFileText(fields[column], 60)}" is not a number.`,
            },
            LINE_FORMAT,
          ),
        );
      }
    }
    points.push({ line, name, pair: [Number(fields[2]), Number(fields[3])] });
  }
  const ring = closedRing(points.map((point) => point.pair));
  if (typeof ring === 'number') {
    return fail(
      importError(
        'TOO_FEW_POINTS',
        file,
        {
          zh: `文件只有 ${ring} 个点，至少需要 3 个界址点才能围成地块。`,
          en: `The file has ${countOf(ring, 'point', 'points')}; at least 3 boundary points are needed to enclose a parcel.`,
        },
        { zh: '请检查导出的点是否完整。', en: 'Check that the export holds every boundary point.' },
      ),
    );
  }
  const first = points[0];
  const last = points[points.length - 1];
  const warnings: Bilingual[] = [
    {
      zh: `CASS 坐标数据文件没有地块划分：全部 ${ring.length - 1} 个点按文件中的顺序读作一个地块的界址点，请核对。`,
      en: `A CASS coordinate file has no parcels: all ${ring.length - 1} points were read, in file order, as the boundary of one parcel — check it.`,
    },
  ];
  if (encoding === 'gbk') warnings.push({ zh: '文件按 GBK 编码读取。', en: 'The file was read as GBK-encoded text.' });
  const outcome = completeImport(
    {
      format: 'cass-dat',
      layers: [
        {
          features: [
            {
              geometry: { type: 'Polygon', coordinates: [ring] },
              properties: { boundary_points: points.map((point) => point.name).join(',') },
              where: { zh: `地块（第 ${first.line}–${last.line} 行）`, en: `parcel (lines ${first.line}–${last.line})` },
            },
          ],
        },
      ],
      warnings,
    },
    options,
  );
  if (outcome.ok && options.axisSwapped === undefined && outcome.value.crs.axisSwapped) {
    // CASS writes the easting first; numbers that say otherwise were written the survey-table way.
    outcome.value.warnings.push({
      zh: '第 3 项的数值是北坐标、第 4 项是东坐标，与 CASS 格式（先东后北）相反；已按数值读取，请核对。',
      en: 'The 3rd field holds northings and the 4th eastings, the opposite of the CASS order (easting first); read by the numbers — check it.',
    });
  }
  return outcome;
}
