/**
 * DXF importer through dxf-parser. CAD parcel drawings hold boundaries as polylines:
 * closed LWPOLYLINE / POLYLINE entities become polygons; an open one is accepted only when
 * its first and last vertices coincide (within 1 mm — GDAL and many CAD exports repeat the
 * first vertex instead of setting the closed flag), otherwise it is an error naming its
 * layer and handle. DXF carries no CRS, so it is detected from the numbers (Gauss–Krüger
 * eastings with the zone prefix are unambiguous). Layer name and handle are kept as
 * feature properties `layer` and `handle`.
 */
import type { Polygon, Position } from 'geojson';
import type { IDxf, IEntity, ILwpolylineEntity, IPolylineEntity } from 'dxf-parser';
import type { Bilingual } from '../../data/catalog-types';
import { completeImport, importError, type SourceFeature } from '../complete-import';
import { decodeText } from '../text';
import { fail, type ImportOptions, type ImportOutcome } from '../types';

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

function whereEntity(entity: IEntity, layer: string): Bilingual {
  return {
    zh: `图层“${layer}”上句柄为 ${entity.handle ?? '（无）'} 的 ${entity.type}`,
    en: `${entity.type} on layer "${layer}", handle ${entity.handle ?? '(none)'}`,
  };
}

export async function readDxf(bytes: Uint8Array, options: ImportOptions): Promise<ImportOutcome> {
  const file = options.fileName;
  const text = decodeDxf(bytes);
  const { default: DxfParser } = await import('dxf-parser');
  let dxf: IDxf | null;
  try {
    dxf = new DxfParser().parseSync(text);
  } catch (error) {
    return fail(
      importError(
        'PARSE_ERROR',
        file,
        {
          zh: `DXF 无法解析：${error instanceof Error ? error.message : String(error)}`,
          en: `The DXF cannot be parsed: ${error instanceof Error ? error.message : String(error)}`,
        },
        { zh: '请在 CAD 中另存为 DXF（R12 或 2000 格式）后再导入。', en: 'Save it as DXF (R12 or 2000) from the CAD program and import that.' },
      ),
    );
  }
  const entities = dxf?.entities ?? [];
  const features: SourceFeature[] = [];
  const ignored = new Map<string, number>();
  let bulges = 0;
  for (const entity of entities) {
    if (entity.type !== 'LWPOLYLINE' && entity.type !== 'POLYLINE') {
      ignored.set(entity.type, (ignored.get(entity.type) ?? 0) + 1);
      continue;
    }
    const polyline = entity as ILwpolylineEntity | IPolylineEntity;
    if ('is3dPolygonMesh' in polyline && (polyline.is3dPolygonMesh || polyline.isPolyfaceMesh)) {
      ignored.set('POLYLINE mesh', (ignored.get('POLYLINE mesh') ?? 0) + 1);
      continue;
    }
    const layer = unescapeDxfText(entity.layer ?? '0');
    const where = whereEntity(entity, layer);
    const ring: Position[] = (polyline.vertices ?? []).map((vertex) => [vertex.x, vertex.y]);
    bulges += (polyline.vertices ?? []).filter((vertex) => (vertex as { bulge?: number }).bulge).length;
    const first = ring[0];
    const last = ring[ring.length - 1];
    const coincide = ring.length > 1 && Math.hypot(first[0] - last[0], first[1] - last[1]) <= COINCIDENT;
    if (!polyline.shape && !coincide) {
      return fail(
        importError(
          'OPEN_POLYLINE',
          file,
          {
            zh: `${where.zh}未闭合（首点与末点相距 ${ring.length > 1 ? Math.hypot(first[0] - last[0], first[1] - last[1]).toFixed(3) : '—'}），无法作为地块边界。`,
            en: `The ${where.en} is open (first and last vertex ${ring.length > 1 ? Math.hypot(first[0] - last[0], first[1] - last[1]).toFixed(3) : '—'} apart), so it cannot be a parcel boundary.`,
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
    features.push({ geometry, properties: { layer, handle: entity.handle ?? null }, where });
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
      en: `${bulges} arc segment(s) (bulges) were joined by straight lines.`,
    });
  }
  if (features.length === 0 && entities.length > 0) {
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
