/**
 * A print-resolution PNG of the current view (issue 14): the map is drawn again by a hidden
 * MapLibre map sized to the paper at 96 CSS px per inch with `pixelRatio` = dpi / 96 (so at
 * 300 dpi an A3 landscape sheet is 4961 × 3508 px), then framed on a 2-D canvas with the
 * title, legend (what the picture draws, same swatch data as the layer panel), scale bar, north
 * arrow and provenance, and written as PNG with its resolution (pHYs) set.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { maplibregl } from '../maplibre-setup';
import { addStyleImages, ESTIMATED_HALO_OPACITY, LOCAL_IDEOGRAPH_FONT_FAMILY, type LegendEntry } from '../catalog-style';
import { withPngResolution } from './png-resolution';
import { metresPerPixel, niceLength } from '../scale';
import { drawnLegend, type ExportLegendItem } from '../legend-items';

export type PaperSize = 'A4' | 'A3';
export type Orientation = 'portrait' | 'landscape';

/** ISO 216 sheet sizes, millimetres (short × long side). */
const PAPER_MM: Record<PaperSize, [number, number]> = { A4: [210, 297], A3: [297, 420] };
const MM_PER_INCH = 25.4;
/** CSS pixels per inch (CSS Values and Units, "px"). */
const CSS_DPI = 96;

/** Width and height of a sheet in millimetres: A3 landscape → [420, 297]. */
export function sheetMillimetres(paper: PaperSize, orientation: Orientation): [number, number] {
  const [short, long] = PAPER_MM[paper];
  return orientation === 'landscape' ? [long, short] : [short, long];
}

/** Pixel size of a sheet at `dpi`: A3 landscape at 300 dpi → 4961 × 3508. */
export function sheetPixels(paper: PaperSize, orientation: Orientation, dpi: number): { width: number; height: number } {
  const [widthMm, heightMm] = sheetMillimetres(paper, orientation);
  return { width: Math.round((widthMm / MM_PER_INCH) * dpi), height: Math.round((heightMm / MM_PER_INCH) * dpi) };
}

/**
 * Columns of a legend of `count` lines (plus its heading) in `available` pixels of height:
 * as many lines a column as fit, as few columns as that allows.
 */
export function legendColumns(count: number, rowHeight: number, available: number): { columns: number; rows: number } {
  const perColumn = Math.max(1, Math.floor(available / rowHeight) - 1);
  const columns = Math.max(1, Math.ceil(count / perColumn));
  return { columns, rows: Math.ceil(count / columns) };
}

export interface PngExportOptions {
  paper: PaperSize;
  orientation: Orientation;
  dpi: number;
  title: string;
  legendTitle: string;
  legend: ExportLegendItem[];
  /** Lines under the map: CRS, data provenance, date. */
  provenance: string[];
  scaleUnit: { metres: string; kilometres: string };
}


function waitForIdle(map: MapLibreMap): Promise<void> {
  return new Promise((resolve) => {
    if (map.loaded() && map.areTilesLoaded()) map.once('idle', () => resolve());
    else map.once('idle', () => resolve());
    map.triggerRepaint();
  });
}

/** Renders `source`'s current view, framed for the sheet, as a PNG blob. */
export async function exportMapPng(source: MapLibreMap, options: PngExportOptions): Promise<Blob> {
  const { width, height } = sheetPixels(options.paper, options.orientation, options.dpi);
  const ratio = options.dpi / CSS_DPI;
  const container = document.createElement('div');
  // Off screen but laid out (MapLibre reads its size); whole CSS pixels, the canvas is scaled to the exact sheet below.
  Object.assign(container.style, { position: 'fixed', left: '-100000px', top: '0', width: `${Math.ceil(width / ratio)}px`, height: `${Math.ceil(height / ratio)}px` });
  document.body.appendChild(container);
  const style = source.getStyle();
  // The editor's handles are not part of a map sheet.
  style.layers = style.layers.filter((layer) => !layer.id.startsWith('review-draw') && !layer.id.startsWith('planner-measure'));
  // Drawn at up to 3× the screen's pixels: MapLibre's own finer tiling, not the screen's (CATALOG_TILING).
  for (const spec of Object.values(style.sources)) {
    if (spec.type !== 'geojson') continue;
    delete spec.buffer;
    delete spec.tolerance;
  }
  const map = new maplibregl.Map({
    container,
    style,
    center: source.getCenter(),
    zoom: source.getZoom(),
    bearing: source.getBearing(),
    pitch: source.getPitch(),
    pixelRatio: ratio,
    interactive: false,
    attributionControl: false,
    fadeDuration: 0,
    localIdeographFontFamily: LOCAL_IDEOGRAPH_FONT_FAMILY,
    canvasContextAttributes: { preserveDrawingBuffer: true },
  } as ConstructorParameters<typeof maplibregl.Map>[0]);
  try {
    addStyleImages(map);
    await waitForIdle(map);
    // The legend of what this picture draws (its frame is not the screen's).
    const legend = drawnLegend(options.legend, map.queryRenderedFeatures());
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('2-D canvas unavailable');
    context.drawImage(map.getCanvas(), 0, 0, width, height);
    drawFrame(context, map, width, height, ratio, { ...options, legend });
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('PNG encoding failed');
    return new Blob([withPngResolution(new Uint8Array(await blob.arrayBuffer()), options.dpi)], { type: 'image/png' });
  } finally {
    map.remove();
    container.remove();
  }
}

/** Title, legend, scale bar, north arrow and provenance over the map, in sheet pixels (`unit` = one CSS px). */
function drawFrame(context: CanvasRenderingContext2D, map: MapLibreMap, width: number, height: number, unit: number, options: PngExportOptions): void {
  const font = (size: number, weight = 'normal') => `${weight} ${Math.round(size * unit)}px ${LOCAL_IDEOGRAPH_FONT_FAMILY}`;
  const margin = 12 * unit;
  const panel = (x: number, y: number, w: number, h: number) => {
    context.fillStyle = 'rgba(255, 255, 255, 0.92)';
    context.fillRect(x, y, w, h);
    context.strokeStyle = '#374151';
    context.lineWidth = 1 * unit;
    context.strokeRect(x, y, w, h);
  };
  // Neat line.
  context.strokeStyle = '#111827';
  context.lineWidth = 2 * unit;
  context.strokeRect(unit, unit, width - 2 * unit, height - 2 * unit);

  // Title.
  context.font = font(20, 'bold');
  const titleWidth = context.measureText(options.title).width;
  panel(margin, margin, titleWidth + 24 * unit, 36 * unit);
  context.fillStyle = '#111827';
  context.textBaseline = 'middle';
  context.fillText(options.title, margin + 12 * unit, margin + 18 * unit);

  // North arrow (top right), turned with the map's bearing.
  const arrowX = width - margin - 24 * unit;
  const arrowY = margin + 34 * unit;
  context.save();
  context.translate(arrowX, arrowY);
  context.rotate((-map.getBearing() * Math.PI) / 180);
  context.fillStyle = '#111827';
  context.beginPath();
  context.moveTo(0, -22 * unit);
  context.lineTo(9 * unit, 10 * unit);
  context.lineTo(0, 4 * unit);
  context.lineTo(-9 * unit, 10 * unit);
  context.closePath();
  context.fill();
  context.font = font(14, 'bold');
  context.textAlign = 'center';
  context.fillText('N', 0, -30 * unit);
  context.restore();

  // Legend (bottom left), between the title and the provenance strip: in columns when it is long.
  const rowHeight = 20 * unit;
  context.font = font(12);
  const columnWidth = Math.max(120 * unit, ...options.legend.map((item) => context.measureText(item.title).width + 44 * unit)) + 16 * unit;
  const legendBottom = height - margin - 40 * unit;
  const available = legendBottom - (margin + 44 * unit) - 14 * unit;
  const { columns, rows } = legendColumns(options.legend.length, rowHeight, available);
  const legendHeight = (rows + 1) * rowHeight + 14 * unit;
  const legendTop = legendBottom - legendHeight;
  panel(margin, legendTop, columns * columnWidth, legendHeight);
  context.fillStyle = '#111827';
  context.font = font(13, 'bold');
  context.textAlign = 'left';
  context.fillText(options.legendTitle, margin + 8 * unit, legendTop + 7 * unit + rowHeight / 2);
  context.font = font(12);
  options.legend.forEach((item, index) => {
    const x = margin + Math.floor(index / rows) * columnWidth;
    const y = legendTop + 7 * unit + ((index % rows) + 1) * rowHeight;
    drawSwatch(context, item.entry, x + 8 * unit, y + 3 * unit, 24 * unit, 14 * unit, unit);
    context.fillStyle = '#111827';
    context.fillText(item.title, x + 40 * unit, y + rowHeight / 2, columnWidth - 48 * unit);
  });

  // Scale bar (bottom right): ground metres per CSS px at the centre (Web Mercator, 512-px tiles).
  const metresPerCssPixel = metresPerPixel(map.getCenter().lat, map.getZoom());
  const length = niceLength(metresPerCssPixel * 160);
  const barWidth = (length / metresPerCssPixel) * unit;
  const barX = width - margin - barWidth - 16 * unit;
  const barY = height - margin - 52 * unit;
  panel(barX - 10 * unit, barY - 24 * unit, barWidth + 20 * unit, 40 * unit);
  context.fillStyle = '#111827';
  context.fillRect(barX, barY, barWidth / 2, 6 * unit);
  context.strokeStyle = '#111827';
  context.strokeRect(barX, barY, barWidth, 6 * unit);
  context.font = font(12);
  context.textAlign = 'center';
  const label = length >= 1000 ? `${length / 1000} ${options.scaleUnit.kilometres}` : `${length} ${options.scaleUnit.metres}`;
  context.fillText(label, barX + barWidth / 2, barY - 10 * unit);
  context.textAlign = 'left';

  // Provenance (bottom strip).
  context.font = font(11);
  const text = options.provenance.join('  ·  ');
  const textWidth = context.measureText(text).width;
  panel(margin, height - margin - 24 * unit, Math.min(textWidth + 16 * unit, width - 2 * margin), 22 * unit);
  context.fillStyle = '#374151';
  context.fillText(text, margin + 8 * unit, height - margin - 13 * unit, width - 2 * margin - 16 * unit);
}

function drawSwatch(context: CanvasRenderingContext2D, entry: LegendEntry, x: number, y: number, w: number, h: number, unit: number): void {
  const lineWidth = Math.min(Math.max(entry.width, 1), 4) * unit;
  context.setLineDash(entry.dash ? entry.dash.map((part) => part * lineWidth) : []);
  context.lineWidth = lineWidth;
  if (entry.kind === 'fill') {
    context.globalAlpha = Math.max(entry.fillOpacity, 0.15);
    context.fillStyle = entry.color;
    context.fillRect(x, y, w, h);
    context.globalAlpha = 1;
    context.strokeStyle = entry.outline;
    context.strokeRect(x, y, w, h);
  } else if (entry.kind === 'line') {
    context.strokeStyle = entry.color;
    context.beginPath();
    context.moveTo(x, y + h / 2);
    context.lineTo(x + w, y + h / 2);
    context.stroke();
  } else {
    if (entry.halo) {
      // The soft ring of an estimated position, as the map draws it.
      context.globalAlpha = ESTIMATED_HALO_OPACITY;
      context.fillStyle = entry.halo;
      context.beginPath();
      context.arc(x + w / 2, y + h / 2, 7 * unit, 0, 2 * Math.PI);
      context.fill();
      context.globalAlpha = 1;
    }
    context.fillStyle = entry.color;
    context.strokeStyle = entry.outline;
    context.beginPath();
    context.arc(x + w / 2, y + h / 2, (entry.halo ? 4 : 5) * unit, 0, 2 * Math.PI);
    context.fill();
    context.stroke();
  }
  context.setLineDash([]);
}
