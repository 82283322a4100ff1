/**
 * DXF importer. CAD parcel drawings hold boundaries as polylines: closed LWPOLYLINE /
 * POLYLINE entities become polygons; an open one is accepted only when its first and last
 * vertices coincide (within 1 mm — GDAL and many CAD exports repeat the first vertex
 * instead of setting the closed flag), otherwise it is an error naming its layer and
 * handle. DXF carries no CRS, so it is detected from the numbers (Gauss–Krüger eastings
 * with the zone prefix are unambiguous). Layer name and handle are kept as feature
 * properties `layer` and `handle`.
 *
 * The file is read here, not by dxf-parser (issue 11): dxf-parser 1.1.2 loops forever on a
 * POLYLINE without SEQEND and on a table without ENDTAB, allocates the vertex count an
 * LWPOLYLINE announces (2³¹−1 in a 111-byte file killed the CLI with a V8 fatal error) and
 * prints warnings with console.log (onto the CLIs' JSON). Fencing it would mean
 * pre-parsing the whole file anyway; the atlas needs only the ENTITIES section's
 * polylines, which is one linear pass over the group-code/value pairs (AutoCAD DXF
 * Reference, "ENTITIES Section": LWPOLYLINE codes 5, 8, 70, 90, 10, 20, 42; POLYLINE,
 * VERTEX, SEQEND). Every count comes from what is in the file, never from what it claims.
 */
import type { Polygon, Position } from 'geojson';
import type { Bilingual } from '../../data/catalog-types';
import { completeImport, importError, limitError, type SourceFeature } from '../complete-import';
import { cleanFileText, countOf, decodeText, wasWere } from '../text';
import { fail, importLimits, type ImportError, type ImportOptions, type ImportOutcome } from '../types';

/** Vertices closer than this (drawing units, metres in a Gauss–Krüger drawing) are the same point. */
const COINCIDENT = 0.001;

/** AutoCAD ≤ 2004 (AC1018) writes non-ASCII text as \U+XXXX. */
function unescapeDxfText(text: string): string {
  return text.replace(/\\U\+([0-9A-Fa-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function decodeDxf(bytes: Uint8Array): string {
  // Pre-2007 DXF is written in the drawing's ANSI code page; ANSI_936 is GBK.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const codePage = /\$DWGCODEPAGE\s*\r?\n\s*3\s*\r?\n\s*(\S+)/.exec(head)?.[1];
  return decodeText(bytes, codePage?.toUpperCase() === 'ANSI_936' ? 'gbk' : undefined).text;
}

/** One polyline as read: vertices in file order, the closed flag, where it is. */
interface Polyline {
  type: 'LWPOLYLINE' | 'POLYLINE';
  handle?: string;
  layer: string;
  closed: boolean;
  mesh: boolean;
  vertices: Position[];
  bulges: number;
}

interface DxfContent {
  polylines: Polyline[];
  /** Other entity types of the ENTITIES section, with their counts. */
  ignored: Map<string, number>;
  entities: number;
  /** POLYLINEs that ended without SEQEND (closed by the next entity). */
  unterminated: number;
}

class DxfSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: Bilingual,
  ) {
    super(reason.en);
  }
}

/**
 * The polylines of the ENTITIES section, in one pass over the group pairs. Other sections
 * (HEADER, TABLES, BLOCKS, OBJECTS) are skipped pair by pair up to their ENDSEC, so a
 * missing ENDTAB or ENDBLK cannot stall the reader; a file that ends without ENDSEC or EOF
 * ends the reading there.
 */
function readEntities(text: string, file: string, maxVertices: number, maxFeatures: number): DxfContent | ImportError {
  const lines = text.split(/\r\n|\r|\n/);
  const content: DxfContent = { polylines: [], ignored: new Map(), entities: 0, unterminated: 0 };
  let inEntities = false;
  let expectSectionName = false;
  let current: Polyline | undefined;
  /** The POLYLINE whose VERTEX entities are being read (until SEQEND). */
  let open: Polyline | undefined;
  let inVertex = false;
  let vertexFlags = 0;
  let pendingX: number | undefined;
  let vertices = 0;
  let ignoredType: string | undefined;
  const number = (value: string, line: number): number => {
    const parsed = Number(value.trim());
    if (!Number.isFinite(parsed)) {
      throw new DxfSyntaxError(line, { zh: `数值“${cleanFileText(value, 40)}”无效`, en: `the number "${cleanFileText(value, 40)}" is not valid` });
    }
    return parsed;
  };
  const finishVertex = () => {
    inVertex = false;
    vertexFlags = 0;
    pendingX = undefined;
  };
  const finishEntity = () => {
    if (current) {
      content.polylines.push(current);
      if (content.polylines.length > maxFeatures) throw limitError(file, 'maxFeatures', content.polylines.length, maxFeatures);
      current = undefined;
    }
  };
  for (let index = 0; index < lines.length; index += 2) {
    const codeText = lines[index].trim();
    // The text after the last line break is an empty "line".
    if (codeText === '' && index === lines.length - 1) break;
    if (index + 1 >= lines.length) {
      throw new DxfSyntaxError(index + 1, { zh: '文件在组码之后、值之前结束', en: 'the file ends after a group code, without its value' });
    }
    if (!/^-?\d{1,4}$/.test(codeText)) {
      throw new DxfSyntaxError(index + 1, {
        zh: `应为组码（整数），而读到“${cleanFileText(codeText, 40)}”`,
        en: `a group code (an integer) was expected, found "${cleanFileText(codeText, 40)}"`,
      });
    }
    const code = Number(codeText);
    const value = lines[index + 1];
    const line = index + 1;
    if (code === 0) {
      const type = value.trim().toUpperCase();
      finishVertex();
      if (type === 'SECTION') {
        finishEntity();
        expectSectionName = true;
        inEntities = false;
        continue;
      }
      if (type === 'ENDSEC' || type === 'EOF') {
        finishEntity();
        if (open) content.unterminated += 1;
        open = undefined;
        inEntities = false;
        if (type === 'EOF') break;
        continue;
      }
      if (!inEntities) continue;
      ignoredType = undefined;
      if (open && type === 'VERTEX') {
        inVertex = true;
        continue;
      }
      if (open && type === 'SEQEND') {
        open = undefined;
        continue;
      }
      if (open) {
        // Another entity before SEQEND: the POLYLINE ends here (dxf-parser looped forever).
        content.unterminated += 1;
        open = undefined;
      }
      finishEntity();
      content.entities += 1;
      if (type === 'LWPOLYLINE' || type === 'POLYLINE') {
        current = { type, layer: '0', closed: false, mesh: false, vertices: [], bulges: 0 };
        if (type === 'POLYLINE') open = current;
      } else {
        ignoredType = type;
        // Named in a warning: cleaned, and at most 20 kinds listed (a file of a million made-up names stays one line).
        const kind = content.ignored.size < 20 || content.ignored.has(type) ? cleanFileText(type, 40) : '…';
        content.ignored.set(kind, (content.ignored.get(kind) ?? 0) + 1);
      }
      continue;
    }
    if (expectSectionName && code === 2) {
      inEntities = value.trim().toUpperCase() === 'ENTITIES';
      expectSectionName = false;
      continue;
    }
    if (!inEntities || ignoredType !== undefined) continue;
    const target = inVertex ? open : current;
    if (!target) continue;
    if (inVertex) {
      if (code === 10) pendingX = number(value, line);
      else if (code === 20 && pendingX !== undefined) {
        if (!(vertexFlags & 16)) {
          target.vertices.push([pendingX, number(value, line)]);
          vertices += 1;
        }
        pendingX = undefined;
      } else if (code === 42 && number(value, line) !== 0) target.bulges += 1;
      else if (code === 70) vertexFlags = number(value, line);
    } else if (code === 5) target.handle = cleanFileText(value, 40);
    else if (code === 8) target.layer = cleanFileText(unescapeDxfText(value.trim()), 100);
    else if (code === 70) {
      const flags = number(value, line);
      target.closed = (flags & 1) === 1;
      // 16: 3D polygon mesh, 64: polyface mesh (DXF Reference, POLYLINE group 70).
      target.mesh = target.type === 'POLYLINE' && (flags & 80) !== 0;
    } else if (target.type === 'LWPOLYLINE') {
      // Code 90 (the vertex count) is not trusted: the vertices are counted as they come.
      if (code === 10) pendingX = number(value, line);
      else if (code === 20 && pendingX !== undefined) {
        target.vertices.push([pendingX, number(value, line)]);
        vertices += 1;
        pendingX = undefined;
      } else if (code === 42 && number(value, line) !== 0) target.bulges += 1;
    }
    if (vertices > maxVertices) throw limitError(file, 'maxVertices', vertices, maxVertices);
  }
  finishVertex();
  finishEntity();
  if (open) content.unterminated += 1;
  return content;
}

function whereEntity(polyline: Polyline): Bilingual {
  return {
    zh: `图层“${polyline.layer}”上句柄为 ${polyline.handle ?? '（无）'} 的 ${polyline.type}`,
    en: `${polyline.type} on layer "${polyline.layer}", handle ${polyline.handle ?? '(none)'}`,
  };
}

function dxfError(file: string, reason: Bilingual, line?: number): ImportError {
  return importError(
    'PARSE_ERROR',
    file,
    {
      zh: `DXF 无法解析${line ? `（第 ${line} 行）` : ''}：${reason.zh}。`,
      en: `The DXF cannot be parsed${line ? ` (line ${line})` : ''}: ${reason.en}.`,
    },
    { zh: '请在 CAD 中另存为 ASCII DXF（R12 或 2000 格式）后再导入。', en: 'Save it as ASCII DXF (R12 or 2000) from the CAD program and import that.' },
  );
}

function isImportError(value: unknown): value is ImportError {
  return typeof value === 'object' && value !== null && 'code' in value && 'hint' in value;
}

export async function readDxf(bytes: Uint8Array, options: ImportOptions): Promise<ImportOutcome> {
  const file = options.fileName;
  const limits = importLimits(options);
  if (new TextDecoder('latin1').decode(bytes.subarray(0, 18)) === 'AutoCAD Binary DXF') {
    return fail(dxfError(file, { zh: '这是二进制 DXF，只支持文本（ASCII）DXF', en: 'this is a binary DXF; only text (ASCII) DXF is read' }));
  }
  const text = decodeDxf(bytes);
  let content: DxfContent | ImportError;
  try {
    content = readEntities(text, file, limits.maxVertices, limits.maxFeatures);
  } catch (error) {
    if (error instanceof DxfSyntaxError) return fail(dxfError(file, error.reason, error.line));
    if (isImportError(error)) return fail(error);
    throw error;
  }
  if (isImportError(content)) return fail(content);
  const features: SourceFeature[] = [];
  const ignored = new Map(content.ignored);
  let bulges = 0;
  for (const polyline of content.polylines) {
    if (polyline.mesh) {
      ignored.set('POLYLINE mesh', (ignored.get('POLYLINE mesh') ?? 0) + 1);
      continue;
    }
    const where = whereEntity(polyline);
    const ring: Position[] = polyline.vertices;
    bulges += polyline.bulges;
    const first = ring[0];
    const last = ring[ring.length - 1];
    const coincide = ring.length > 1 && Math.hypot(first[0] - last[0], first[1] - last[1]) <= COINCIDENT;
    if (!polyline.closed && !coincide) {
      return fail(
        importError(
          'OPEN_POLYLINE',
          file,
          {
            // In the drawing's own units: metres for a Gauss–Krüger drawing, degrees for lon/lat.
            zh: `${where.zh}未闭合（首点与末点相距 ${ring.length > 1 ? Math.hypot(first[0] - last[0], first[1] - last[1]).toFixed(3) : '—'} 个图形单位，投影坐标下即米），无法作为地块边界。`,
            en: `The ${where.en} is open (first and last vertex ${ring.length > 1 ? Math.hypot(first[0] - last[0], first[1] - last[1]).toFixed(3) : '—'} drawing units apart, metres in projected coordinates), so it cannot be a parcel boundary.`,
          },
          {
            zh: '请在 CAD 中将该多段线设为“闭合”（PEDIT → 闭合），或删除不属于地块边界的线后重新导出。',
            en: 'Close the polyline in CAD (PEDIT → Close), or delete lines that are not parcel boundaries, then export again.',
          },
        ),
      );
    }
    if (coincide) ring.pop();
    if (ring.length > 0) ring.push(ring[0]);
    const geometry: Polygon = { type: 'Polygon', coordinates: [ring] };
    features.push({ geometry, properties: { layer: polyline.layer, handle: polyline.handle ?? null }, where });
  }
  const warnings: Bilingual[] = [];
  if (ignored.size > 0) {
    const list = [...ignored].map(([type, count]) => `${type} ×${count}`).join(', ');
    warnings.push({
      zh: `只导入闭合多段线；其他实体已忽略：${list}。`,
      en: `Only closed polylines are imported; other entities were ignored: ${list}.`,
    });
  }
  if (bulges > 0) {
    warnings.push({
      zh: `${bulges} 段圆弧（凸度）已按直线连接。`,
      en: `${countOf(bulges, 'arc segment', 'arc segments')} (bulges) ${wasWere(bulges)} joined by straight lines.`,
    });
  }
  if (content.unterminated > 0) {
    warnings.push({
      zh: `${content.unterminated} 条 POLYLINE 缺少结束标记 SEQEND，已在下一个实体处结束。`,
      en: `${countOf(content.unterminated, 'POLYLINE', 'POLYLINEs')} had no SEQEND end marker; ${content.unterminated === 1 ? 'it was' : 'each was'} ended at the next entity.`,
    });
  }
  if (features.length === 0 && content.entities > 0) {
    return fail(
      importError(
        'EMPTY_COLLECTION',
        file,
        {
          zh: `DXF 中没有多段线（LWPOLYLINE / POLYLINE），只有：${[...ignored.keys()].join('、')}。`,
          en: `The DXF holds no polylines (LWPOLYLINE / POLYLINE), only: ${[...ignored.keys()].join(', ')}.`,
        },
        {
          zh: '请在 CAD 中用闭合多段线绘制地块边界（可用 BOUNDARY 命令生成）后重新导出。',
          en: 'Draw the parcel boundaries as closed polylines in CAD (the BOUNDARY command makes them), then export again.',
        },
      ),
    );
  }
  return completeImport({ format: 'dxf', layers: [{ features }], warnings }, options);
}
