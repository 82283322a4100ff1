/**
 * Contracts of file import and export (issue 3). Pure types and one formatting helper:
 * no React, no MapLibre, no Node APIs — bytes in, values out, so the same code runs in
 * the browser, in a Web Worker and in the Node CLIs (CONVENTIONS.md "The shape").
 */
import type { FeatureCollection } from 'geojson';
import type { Bilingual, Lang } from '../data/catalog-types';
import type { CrsCode } from '../crs/projections';
import type { CrsAssumption } from '../crs/detect';

export type { CrsAssumption };

/** A value or the reason there is none (CONVENTIONS.md "Failures are values"). */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

export interface ImportOptions {
  /** Name of the file as the user chose it; picks the importer by extension and names the file in messages. */
  fileName: string;
  /** CRS chosen by the user; wins over the file's own declaration and over detection. */
  crs?: CrsCode;
  /** Repair self-intersecting (bowtie) rings instead of refusing them; each repair adds a warning. */
  repair?: boolean;
  /** Force (true) or forbid (false) swapping the two ordinates before conversion; undefined = detect. */
  axisSwapped?: boolean;
  /** Raise (or lower) the size caps of {@link DEFAULT_IMPORT_LIMITS} for this import. */
  limits?: Partial<ImportLimits>;
  /**
   * The features must be one layer (a reference layer takes one role): a zip holding several
   * shapefiles is refused with their names instead of being merged.
   */
  oneLayer?: boolean;
  /**
   * The sibling files of a bare .shp picked with it as loose files (parcel.dbf, parcel.prj,
   * parcel.cpg beside parcel.shp): read as a zip's members would be, so the loose parts import
   * exactly as the zip of them. Grouped, and anything that is not one shapefile refused, by
   * src/io/file-set.ts; only the shapefile importer reads them, and only for a bare .shp.
   */
  parts?: readonly ImportPart[];
}

/**
 * One loose part of a shapefile (`parcel.dbf`): a Blob when it comes from the page (posted to
 * the worker by reference and read there), bytes in Node.
 */
export interface ImportPart {
  /** The file's own name; its extension (any case) says which part it is. */
  name: string;
  data: Blob | Uint8Array;
}

/**
 * Size caps that keep an import bounded in time and memory whatever the file claims
 * (issue 11: a 111-byte DXF announcing 2³¹−1 vertices, a DBF header promising 4 billion
 * records, a zip member inflating to gigabytes). Each refusal names the cap and the option
 * that raises it.
 */
export interface ImportLimits {
  /** Largest file accepted, bytes. */
  maxFileBytes: number;
  /** Largest size one zip member may inflate to, bytes (read from the zip directory before inflating). */
  maxInflatedBytes: number;
  /** Most features in one file. */
  maxFeatures: number;
  /** Most vertices in one file, all features together. */
  maxVertices: number;
}

/**
 * Defaults, generous for planning work: a county's cadastre (≈ 300 000 parcels, ≈ 3 M
 * vertices) imports; a browser tab (≈ 4 GB heap at best) survives what passes. 2 GB is
 * also the largest ArrayBuffer a 32-bit-indexed reader can take. Each lon/lat vertex costs
 * ≈ 100 bytes as a GeoJSON array plus its projected copy during validation, so 10 M
 * vertices ≈ 2 GB of heap at the peak.
 */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: 2 * 1024 ** 3,
  maxInflatedBytes: 2 * 1024 ** 3,
  maxFeatures: 5_000_000,
  maxVertices: 10_000_000,
};

/** The caps of one import: the defaults overridden by `options.limits`. */
export function importLimits(options: Pick<ImportOptions, 'limits'>): ImportLimits {
  return { ...DEFAULT_IMPORT_LIMITS, ...(options.limits ?? {}) };
}

export interface ImportResult {
  /** Importer id (`geojson`, `shapefile`, `kml`, `kmz`, `dxf`, `csv`, `flatgeobuf`). */
  format: string;
  /** Features in lon/lat (CGCS2000 ≈ WGS 84), whatever CRS the file was in. */
  features: FeatureCollection;
  /** The CRS the source coordinates were read in, and why. */
  crs: CrsAssumption;
  warnings: Bilingual[];
  /** The file name the features came from. */
  sourceName: string;
}

/**
 * Machine-readable error codes; the UI and the tests switch on these, people read the
 * bilingual message.
 */
export type ImportErrorCode =
  | 'UNSUPPORTED_FORMAT'
  | 'EMPTY_FILE'
  | 'EMPTY_COLLECTION'
  | 'PARSE_ERROR'
  | 'CORRUPT_ZIP'
  | 'NO_LAYERS'
  | 'SEVERAL_LAYERS'
  | 'SEVERAL_FILES'
  | 'UNSUPPORTED_CRS'
  | 'CRS_UNDETECTED'
  | 'OPEN_POLYLINE'
  | 'INVALID_GEOMETRY'
  | 'SELF_INTERSECTION'
  | 'OUTSIDE_REGION'
  | 'MISSING_COLUMNS'
  | 'NON_NUMERIC_CELL'
  | 'TOO_FEW_POINTS'
  | 'TOO_LARGE';

export interface ImportError {
  code: ImportErrorCode;
  /** The file the error is about. */
  file: string;
  /** What is wrong and where (feature, row, line, layer, handle). */
  message: Bilingual;
  /** What to do about it. */
  hint: Bilingual;
  /**
   * The import with `repair` would take the file (a self-crossing ring, overlapping parts). The
   * hint does not mention repair: where it can be asked for (the review's and the reference
   * panel's button, the review CLI's --repair) that place offers it.
   */
  repairable?: true;
  /**
   * For coordinates that land outside the region: the CRS and axis order they were read in
   * (detected or chosen), so a panel offering another shows which was tried.
   */
  readAs?: { crs: CrsCode; axisSwapped: boolean };
}

/** The CRS and axis order refused coordinates were read in, when the error says (`readAs`). */
export function readAsOf(error: object): ImportError['readAs'] {
  return 'readAs' in error ? (error as ImportError).readAs : undefined;
}

/** Whether a failed import may be offered a repair (not when it was already read with one). */
export function offersRepair(error: { repairable?: true } | object, repaired: boolean): boolean {
  return !repaired && 'repairable' in error && error.repairable === true;
}

/**
 * Refusals that reading the file in another coordinate system can cure: none was declared or
 * recognised, the declared one is not supported, or the coordinates land outside the region
 * (read in the wrong system). A bad ring, a missing column or a damaged file is not one: a
 * CRS chooser beside those would send the reviewer trying systems for nothing.
 */
const CURED_BY_A_CRS: ReadonlySet<ImportErrorCode> = new Set<ImportErrorCode>(['UNSUPPORTED_CRS', 'CRS_UNDETECTED', 'OUTSIDE_REGION']);

/** What a panel may offer after a refused import: a repair, another coordinate system. */
export interface ImportRemedies {
  repair?: true;
  crs?: true;
}

/** The remedies to offer for a refused import (`repaired`: it was already read with repair). */
export function remediesOf(error: { code: string; repairable?: true } | object, repaired: boolean): ImportRemedies {
  const crs = 'file' in error && 'code' in error && CURED_BY_A_CRS.has(error.code as ImportErrorCode);
  return { ...(offersRepair(error, repaired) ? { repair: true } : {}), ...(crs ? { crs: true } : {}) };
}

export type ImportOutcome = Result<ImportResult, ImportError>;

export interface Importer {
  id: string;
  label: Bilingual;
  /** Lower-case extensions without the dot; `shp.zip` style double extensions are matched by their last part. */
  extensions: string[];
  /**
   * Extensions it takes without reading them as its format, not listed as supported: it says
   * what they are and what to do, or reads them as what they turn out to be (an `.xls`).
   */
  alsoTakes?: string[];
  /** Recognises the format from the first bytes when the extension says nothing. */
  sniff?(bytes: Uint8Array): boolean;
  read(bytes: Uint8Array, options: ImportOptions): Promise<ImportOutcome>;
}

/**
 * One readable line for a person: file, what is wrong, what to do. No stack trace,
 * no error code (CONVENTIONS.md "Failures are values").
 *
 * @example formatImportError(error, 'en') // "parcels.dxf: layer PARCEL_OPEN, handle 2A: … — Close the polyline …"
 */
export function formatImportError(error: ImportError, lang: Lang): string {
  const separator = lang === 'zh' ? '：' : ': ';
  const message = error.message[lang];
  // A Chinese message that ends its sentence already needs no second full stop.
  const dash = lang === 'zh' ? (/[。！？]$/u.test(message) ? '' : '。') : ' — ';
  return `${error.file}${separator}${message}${dash}${error.hint[lang]}`;
}
