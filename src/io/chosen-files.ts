/**
 * The light part of choosing files together (src/io/file-set.ts holds the grouping and its
 * messages, loaded when files are chosen): the extensions a picker offers for a shapefile's
 * parts, and how a chosen set travels to the analysis client — the .shp File carrying its
 * sibling parts, or an empty File carrying the refusal — so the import controllers keep one
 * Blob and one name, as for any file. The page's first load holds only this (and
 * src/io/choose-import.ts, which loads the grouping when files are chosen).
 */
import { fail, ok, type ImportError, type ImportPart, type Result } from './types';

/** The parts of a shapefile beside its .shp, lower case (ESRI Shapefile Technical Description, 1998: .shp, .shx, .dbf; .prj and .cpg as ArcGIS and GDAL write them). */
export const SHAPEFILE_SIBLINGS = ['shx', 'dbf', 'prj', 'cpg'] as const;

/** Extensions for a file picker's `accept`, so the loose parts can be chosen beside the .shp. */
export const SHAPEFILE_PART_EXTENSIONS: readonly string[] = SHAPEFILE_SIBLINGS.map((extension) => `.${extension}`);

/** A File as the page has it: a Blob with a name. */
export type NamedBlob = Blob & { readonly name: string };

/** What a source Blob carries besides its bytes: the sibling parts of a .shp, or the refusal of a choice. */
export interface Carried {
  parts?: ImportPart[];
  refusal?: ImportError;
}

/** Not a string key: a File's own properties are not cloned to the worker, and this one is never mistaken for data. */
const CARRIED = Symbol('chosen-files');

export function carrying(source: NamedBlob, carried: Carried): File {
  // A new File over the same bytes (nothing is copied), so the File the person chose is left as it was.
  const carrier = new File([source], source.name, { type: source.type, lastModified: (source as Partial<File>).lastModified });
  Object.defineProperty(carrier, CARRIED, { value: carried });
  return carrier;
}

/** What `source` carries (see {@link chosenImport}); nothing for an ordinary Blob. */
export function carriedBy(source: unknown): Carried {
  return typeof source === 'object' && source !== null && CARRIED in source ? ((source as Record<symbol, Carried>)[CARRIED] ?? {}) : {};
}

/**
 * The options of an import with what its source carries: the refusal of the choice, or the
 * .shp's sibling parts as `parts` (unless the caller gave its own). Used wherever an import
 * starts — the analysis client, and the engine when called without it (Node, tests).
 */
export function withCarried<T extends { parts?: readonly ImportPart[] }>(source: unknown, options: T): Result<T, ImportError> {
  const { parts, refusal } = carriedBy(source);
  if (refusal) return fail(refusal);
  return ok(parts && options.parts === undefined ? { ...options, parts } : options);
}

/** A file name's extension, lower case ('' when it has none). */
export function extensionOf(fileName: string): string {
  const match = /\.([^./\\]+)$/.exec(fileName.trim());
  return match ? match[1].toLowerCase() : '';
}
