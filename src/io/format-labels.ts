/**
 * What each importer's format is called in the interface and the printed report (the ids
 * `csv`, `baopan-txt` … are for code and files). Pure, imports no importer: the review panel
 * and the print view read it without loading a parser.
 */
import type { Bilingual, Lang } from '../data/catalog-types';

export const IMPORT_FORMAT_LABELS: Readonly<Record<string, Bilingual>> = {
  geojson: { zh: 'GeoJSON', en: 'GeoJSON' },
  shapefile: { zh: 'Shapefile（zip 压缩包）', en: 'Shapefile (zipped)' },
  kml: { zh: 'KML', en: 'KML' },
  kmz: { zh: 'KMZ', en: 'KMZ' },
  dxf: { zh: 'DXF（CAD）', en: 'DXF (CAD)' },
  csv: { zh: '界址点坐标表（CSV）', en: 'Boundary-point table (CSV)' },
  xlsx: { zh: '界址点坐标表（Excel）', en: 'Boundary-point table (Excel)' },
  'cass-dat': { zh: 'CASS 坐标数据文件（DAT）', en: 'CASS coordinate file (DAT)' },
  'baopan-txt': { zh: '电子报盘坐标文件（TXT）', en: 'Land-submission coordinate file (电子报盘 TXT)' },
  flatgeobuf: { zh: 'FlatGeobuf', en: 'FlatGeobuf' },
};

/** The format's name in `lang`; an id the atlas does not know is shown as it is. */
export function importFormatLabel(format: string, lang: Lang): string {
  return IMPORT_FORMAT_LABELS[format]?.[lang] ?? format;
}

/** The name a pasted boundary-point table is imported under (the CSV importer reads it by its extension). */
export const PASTED_TABLE_FILE = 'pasted-boundary-points.csv';

/** A site's source file as a reviewer reads it: a pasted table is called what it is, not by the name it was imported under. */
export function sourceFileLabel(fileName: string, lang: Lang): string {
  if (fileName === PASTED_TABLE_FILE) return lang === 'zh' ? '粘贴的界址点坐标' : 'pasted boundary points';
  return fileName;
}
