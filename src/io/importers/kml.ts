/**
 * KML and KMZ importer through @tmcw/togeojson. KML coordinates are lon/lat WGS 84 by
 * specification (OGC KML 2.2 §6.2), so the CRS is declared, not guessed. The browser's
 * DOMParser is used when there is one; in Node and in workers without it, @xmldom/xmldom's.
 * A <MultiGeometry> of polygons (a GeometryCollection to togeojson) becomes a MultiPolygon
 * in completeImport.
 */
import type { Bilingual } from '../../data/catalog-types';
import { completeImport, describeFeature, importError, type SourceFeature } from '../complete-import';
import { decodeText } from '../text';
import { openZip, readEntry, zipEntries } from '../zip';
import { fail, type ImportOptions, type ImportOutcome } from '../types';

/** Style keys togeojson derives from <Style>; they are presentation, not attributes of the file. */
const STYLE_KEYS = new Set([
  'fill', 'fill-opacity', 'stroke', 'stroke-opacity', 'stroke-width', 'styleUrl', 'styleHash', 'styleMapHash',
  'icon', 'icon-opacity', 'icon-scale', 'icon-color', 'icon-heading', 'icon-offset', 'icon-offset-units',
  'label-color', 'label-opacity', 'label-scale',
]);

const KML_DECLARATION: Bilingual = {
  zh: 'KML 规范规定为 WGS 84 经纬度（OGC KML 2.2）',
  en: 'Lon/lat WGS 84 by the KML specification (OGC KML 2.2)',
};

type XmlResult = { ok: true; document: Document } | { ok: false; reason: string };

async function parseXml(text: string): Promise<XmlResult> {
  if (typeof globalThis.DOMParser === 'function') {
    const document = new globalThis.DOMParser().parseFromString(text, 'application/xml');
    const error = document.getElementsByTagName('parsererror')[0];
    return error ? { ok: false, reason: error.textContent?.trim().split('\n')[0] ?? '' } : { ok: true, document };
  }
  const { DOMParser } = await import('@xmldom/xmldom');
  // Without an onError handler xmldom prints "[xmldom fatalError] …" with console.error
  // before throwing, a second line beside our own message in the CLIs. The handler records
  // the first error and stops the parse (an `error` is as fatal as a `fatalError` to us:
  // the document would be a guess); warnings are ignored.
  let firstError: string | undefined;
  const parser = new DOMParser({
    onError: (level, message, context: { locator?: { lineNumber?: number; columnNumber?: number } } | undefined) => {
      if (level === 'warning') return;
      const line = context?.locator?.lineNumber;
      const column = context?.locator?.columnNumber;
      firstError ??= `${message.split('\n')[0].trim()}${line ? ` (line ${line}${column ? `, column ${column}` : ''})` : ''}`;
      throw new Error(message);
    },
  });
  try {
    const document = parser.parseFromString(text, 'text/xml');
    if (!document.documentElement) return { ok: false, reason: 'no root element' };
    return { ok: true, document: document as unknown as Document };
  } catch (error) {
    // xmldom's messages end with "@#[line:…,col:…]" on a second line; keep the first.
    const reason = firstError ?? (error instanceof Error ? error.message : String(error));
    return { ok: false, reason: reason.split('\n')[0].trim() };
  }
}

async function readKmlText(text: string, options: ImportOptions, format: 'kml' | 'kmz'): Promise<ImportOutcome> {
  const file = options.fileName;
  const parsed = await parseXml(text);
  if (!parsed.ok) {
    return fail(
      importError(
        'PARSE_ERROR',
        file,
        { zh: `KML 不是有效的 XML：${parsed.reason}`, en: `The KML is not valid XML: ${parsed.reason}` },
        { zh: '请从 Google Earth 或 GIS 软件重新导出 KML。', en: 'Export the KML again from Google Earth or the GIS.' },
      ),
    );
  }
  const { kml } = await import('@tmcw/togeojson');
  const collection = kml(parsed.document);
  const features: SourceFeature[] = collection.features.map((feature, index) => {
    const properties: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(feature.properties ?? {})) {
      if (!STYLE_KEYS.has(key)) properties[key] = value;
    }
    return { geometry: feature.geometry, properties, where: describeFeature(index, properties) };
  });
  return completeImport(
    { format, layers: [{ features, declared: { crs: 'EPSG:4326', source: KML_DECLARATION } }], warnings: [] },
    options,
  );
}

export async function readKml(bytes: Uint8Array, options: ImportOptions): Promise<ImportOutcome> {
  return readKmlText(decodeText(bytes).text, options, 'kml');
}

/** KMZ = zip with the main KML (doc.kml by convention, else the first .kml at the top level). */
export async function readKmz(bytes: Uint8Array, options: ImportOptions): Promise<ImportOutcome> {
  const file = options.fileName;
  const opened = await openZip(bytes, file);
  if (!opened.ok) return opened;
  const kmlEntries = zipEntries(opened.value).filter((entry) => /\.kml$/i.test(entry.name));
  const main =
    kmlEntries.find((entry) => entry.name.toLowerCase() === 'doc.kml') ??
    kmlEntries.sort((a, b) => a.name.split('/').length - b.name.split('/').length)[0];
  if (!main) {
    return fail(
      importError(
        'NO_LAYERS',
        file,
        { zh: 'KMZ 压缩包中没有 .kml 文件。', en: 'The KMZ archive holds no .kml file.' },
        { zh: '请从 Google Earth 重新导出 KMZ，或直接导入 KML。', en: 'Export the KMZ again from Google Earth, or import the KML itself.' },
      ),
    );
  }
  const read = await readEntry(main, file);
  if (!read.ok) return read;
  return readKmlText(decodeText(read.value).text, options, 'kmz');
}
