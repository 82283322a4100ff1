/**
 * KML and KMZ importer through @tmcw/togeojson. KML coordinates are lon/lat WGS 84 by
 * specification (OGC KML 2.2 §6.2), so the CRS is declared, not guessed. The browser's
 * DOMParser is used when there is one; in Node and in workers without it, @xmldom/xmldom's.
 * A <MultiGeometry> of polygons (a GeometryCollection to togeojson) becomes a MultiPolygon
 * in completeImport.
 */
import type { Bilingual } from '../../data/catalog-types';
import { completeImport, describeFeature, importError, severalLayers, type SourceFeature } from '../complete-import';
import { cleanFileText, decodeText, libraryNote } from '../text';
import { openZip, readEntry, zipEntries } from '../zip';
import { fail, importLimits, type ImportOptions, type ImportOutcome } from '../types';
import { commonJsExports } from '../commonjs';

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
  const { DOMParser } = commonJsExports(await import('@xmldom/xmldom'), 'DOMParser');
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

async function readKmlText(
  text: string,
  options: ImportOptions,
  format: 'kml' | 'kmz',
  linked?: (hrefs: string[]) => Promise<ImportOutcome>,
): Promise<ImportOutcome> {
  const file = options.fileName;
  const parsed = await parseXml(text);
  if (!parsed.ok) {
    const note = libraryNote(parsed.reason);
    return fail(
      importError(
        'PARSE_ERROR',
        file,
        { zh: `KML 不是有效的 XML。${note.zh}`, en: `The KML is not valid XML: ${note.en}` },
        { zh: '请从 Google Earth 或 GIS 软件重新导出 KML。', en: 'Export the KML again from Google Earth or the GIS.' },
      ),
    );
  }
  const warnings: Bilingual[] = [];
  const renamed = renameInheritedKeys(parsed.document);
  if (renamed.length > 0) {
    warnings.push({
      zh: `属性名 ${renamed.map((name) => `“${name}”`).join('、')} 与 JavaScript 对象的内置属性同名，已在末尾加“_”后导入。`,
      en: `Attribute name(s) ${renamed.map((name) => `"${name}"`).join(', ')} clash with built-in JavaScript object members; imported with a trailing "_".`,
    });
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
  if (linked && features.every((feature) => !feature.geometry)) {
    // A KMZ whose doc.kml only links its layer files (GDAL's LIBKML driver writes
    // <NetworkLink><Link><href>layers/x.kml</href>): the linked members are read instead.
    const hrefs = networkLinks(parsed.document);
    if (hrefs.length > 0) return linked(hrefs);
  }
  return completeImport(
    { format, layers: [{ features, declared: { crs: 'EPSG:4326', source: KML_DECLARATION } }], warnings },
    options,
  );
}

/**
 * togeojson stores ExtendedData by name into plain objects (`schema[name] = …`,
 * `properties[name] = …`): a SimpleField named `__proto__` replaced the schema object's
 * prototype and the import threw (issue 11), and a name such as `toString` picked up
 * Object.prototype's function as its type converter. Such names get a trailing "_" in the
 * document before togeojson reads it.
 */
function renameInheritedKeys(document: Document): string[] {
  const renamed = new Set<string>();
  for (const tag of ['SimpleField', 'SimpleData', 'Data']) {
    const elements = document.getElementsByTagName(tag);
    for (let index = 0; index < elements.length; index += 1) {
      const element = elements[index];
      const name = element.getAttribute('name');
      if (name === null || !(name in Object.prototype || name === '__proto__')) continue;
      element.setAttribute('name', `${name}_`);
      renamed.add(cleanFileText(name, 40));
    }
  }
  return [...renamed].slice(0, 10);
}

/** Most layer files a KMZ's NetworkLinks may pull in (GDAL writes one per layer). */
const MAX_LINKED_LAYERS = 100;

/** The relative hrefs of the document's NetworkLinks (no URL scheme: nothing is fetched). */
function networkLinks(document: Document): string[] {
  const hrefs: string[] = [];
  const links = document.getElementsByTagName('NetworkLink');
  for (let index = 0; index < links.length && hrefs.length < MAX_LINKED_LAYERS; index += 1) {
    const href = links[index].getElementsByTagName('href')[0]?.textContent?.trim();
    if (href && !/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('/')) hrefs.push(href);
  }
  return hrefs;
}

export async function readKml(bytes: Uint8Array, options: ImportOptions): Promise<ImportOutcome> {
  return readKmlText(decodeText(bytes).text, options, 'kml');
}

/**
 * KMZ = zip with the main KML (doc.kml by convention, else the first .kml at the top level).
 * Only that member is inflated, and the layer files its NetworkLinks name when it holds no
 * placemarks itself (GDAL LIBKML).
 */
export async function readKmz(bytes: Uint8Array, options: ImportOptions): Promise<ImportOutcome> {
  const file = options.fileName;
  const limits = importLimits(options);
  const opened = await openZip(bytes, file);
  if (!opened.ok) return opened;
  const entries = zipEntries(opened.value);
  const kmlEntries = entries.filter((entry) => /\.kml$/i.test(entry.name));
  const main =
    kmlEntries.find((entry) => entry.name.toLowerCase() === 'doc.kml') ??
    [...kmlEntries].sort((a, b) => a.name.split('/').length - b.name.split('/').length)[0];
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
  const read = await readEntry(main, file, limits);
  if (!read.ok) return read;
  const base = main.name.includes('/') ? main.name.slice(0, main.name.lastIndexOf('/') + 1) : '';
  const readLinked = async (hrefs: string[]): Promise<ImportOutcome> => {
    const texts: string[] = [];
    const layerNames: string[] = [];
    for (const href of hrefs) {
      const name = `${base}${href}`.replace(/^\.\//, '');
      const entry = entries.find((candidate) => candidate.name === name && candidate !== main);
      if (!entry || !/\.kml$/i.test(entry.name)) continue;
      const linkedRead = await readEntry(entry, file, limits);
      if (!linkedRead.ok) return linkedRead;
      texts.push(decodeText(linkedRead.value).text);
      layerNames.push(cleanFileText((entry.name.split('/').pop() ?? entry.name).replace(/\.kml$/i, ''), 60));
    }
    if (texts.length === 0) return readKmlText(decodeText(read.value).text, options, 'kmz');
    if (options.oneLayer && texts.length > 1) {
      // A reference layer takes one role: layers joined here could not be told apart.
      return fail(
        severalLayers(file, layerNames, { zh: 'KMZ ', en: 'The KMZ' }, {
          zh: '把每个图层分别导出为以图层命名的文件（如 生态保护红线.kmz）',
          en: 'Export each layer to a file named after it (e.g. 生态保护红线.kmz)',
        }),
      );
    }
    // Each linked layer is read on its own (no further links followed) and the features joined.
    const outcomes: ImportOutcome[] = [];
    for (const text of texts) outcomes.push(await readKmlText(text, options, 'kmz'));
    const failed = outcomes.find((outcome) => !outcome.ok);
    if (failed) return failed;
    const values = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.value] : []));
    const [first] = values;
    return {
      ok: true,
      value: {
        ...first,
        features: { type: 'FeatureCollection', features: values.flatMap((value) => value.features.features) },
        warnings: values.flatMap((value) => value.warnings),
      },
    };
  };
  return readKmlText(decodeText(read.value).text, options, 'kmz', readLinked);
}
