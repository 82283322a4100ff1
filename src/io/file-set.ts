/**
 * What a set of files chosen together is (a file input with `multiple`, a drop of several
 * files): one file, imported as it is; the loose parts of one shapefile (parcel.shp with its
 * .shx, .dbf, .prj, .cpg), imported as one shapefile named after the .shp; or anything else,
 * refused as an ImportError that names the files and says what to choose instead. Nothing is
 * read here: the page groups its File objects by name only, and the worker reads the bytes
 * (CONVENTIONS.md "The shape": no parsing on the main thread).
 *
 * Planning-bureau staff receive red lines as loose files more often than as a zip; a browser
 * hands over each file on its own, so without this a lone .shp came without its attributes
 * and its coordinate system.
 */
import type { Bilingual } from '../data/catalog-types';
import { cleanFileText } from './text';
import { fail, ok, type ImportError, type Result } from './types';
import { carrying, extensionOf, SHAPEFILE_SIBLINGS, type NamedBlob } from './chosen-files';

type Sibling = (typeof SHAPEFILE_SIBLINGS)[number];

/** The siblings the importer reads: the attributes, the CRS, the attributes' code page. The .shx only indexes the .shp, which is read whole. */
const READ_SIBLINGS: ReadonlySet<Sibling> = new Set<Sibling>(['dbf', 'prj', 'cpg']);

/**
 * Files GIS software writes beside a shapefile that the import does not need: spatial indexes
 * (ArcGIS .sbn/.sbx, .fbn/.fbx, .ain/.aih, .ixs/.mxs, .atx per field; the .qix of
 * MapServer, GDAL and QGIS), QGIS metadata (.qmd), ArcGIS metadata (.shp.xml or .xml), GeoMedia's .cst.
 * Picked with the parts, they are left out without a word.
 */
const IGNORED_SUFFIXES: ReadonlySet<string> = new Set(['sbn', 'sbx', 'fbn', 'fbx', 'ain', 'aih', 'ixs', 'mxs', 'qix', 'qmd', 'xml', 'shp.xml', 'cst']);


/** A choice of files that is one import: the file to read and, for a shapefile, its sibling parts. */
export interface FileSet<T> {
  /** The file the importer reads: the one file chosen, or the .shp. */
  main: T;
  /** The .dbf, .prj and .cpg beside the .shp (those present), for `ImportOptions.parts`. */
  parts: T[];
  /** Chosen with the parts but not needed: the .shx, indexes, metadata. */
  ignored: T[];
}

function stemOf(name: string): string {
  return name.replace(/\.[^./\\]+$/, '');
}

/**
 * Names for a message: each cleaned and cut, at most six, then how many more — so a message
 * stays within what the registry lets an import error say (600 characters, registry.ts).
 */
function listed(names: readonly string[], lang: 'zh' | 'en'): string {
  const shown = names.slice(0, 6).map((name) => cleanFileText(name, 40));
  const more = names.length - shown.length;
  if (lang === 'zh') return `${shown.join('、')}${more > 0 ? ` 等 ${names.length} 个` : ''}`;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** What is named as the file of a refusal: the files chosen, cut to what a heading can show. */
export function chosenFilesLabel(names: readonly string[]): string {
  return cleanFileText(names.join(', '), 120);
}

const CHOOSE_ONE_THING: Bilingual = {
  zh: '请只选择一个文件，或同一个 Shapefile 的各组成文件（同名的 .shp、.shx、.dbf、.prj、.cpg，可一起选中或拖入）；多个图层请逐个导入，或把每个图层的组成文件分别压缩为一个 .zip 再导入。',
  en: 'Choose one file, or the parts of one shapefile (the .shp, .shx, .dbf, .prj and .cpg of the same name, picked or dropped together); import several layers one at a time, or zip the parts of each layer on its own and import the zips.',
};

/** SEVERAL_FILES: the files chosen are not one import; `why` says what makes them more than one. */
function notOneImport(names: readonly string[], why: Bilingual): ImportError {
  return {
    code: 'SEVERAL_FILES',
    file: chosenFilesLabel(names),
    message: {
      zh: `选择的 ${names.length} 个文件不是同一个 Shapefile 的组成部分：${why.zh}，未导入任何内容。`,
      en: `The ${names.length} files chosen are not the parts of one shapefile: ${why.en}; nothing was imported.`,
    },
    hint: CHOOSE_ONE_THING,
  };
}

const PART_WORDS: Record<Sibling, Bilingual> = {
  shx: { zh: '图形索引 .shx', en: 'the shape index, .shx' },
  dbf: { zh: '属性表 .dbf', en: 'the attribute table, .dbf' },
  prj: { zh: '坐标系 .prj', en: 'the coordinate system, .prj' },
  cpg: { zh: '编码 .cpg', en: 'the code page, .cpg' },
};

/** A .dbf (or .shx, .prj, .cpg) chosen alone: only a part, the shapes are in the .shp. */
function lonePart(name: string, kind: Sibling): ImportError {
  const shown = cleanFileText(name, 100);
  return {
    code: 'SEVERAL_FILES',
    file: chosenFilesLabel([name]),
    message: {
      zh: `${shown} 只是 Shapefile 的一个组成文件（${PART_WORDS[kind].zh}），图形在同名的 .shp 中，未导入任何内容。`,
      en: `${shown} is only one part of a shapefile (${PART_WORDS[kind].en}); the shapes are in the .shp of the same name; nothing was imported.`,
    },
    hint: {
      zh: '请把它与同名的 .shp、.shx、.dbf、.prj（及 .cpg）一起选中或拖入，或导入它们压缩成的 .zip。',
      en: 'Choose or drop it together with the .shp, .shx, .dbf, .prj (and .cpg) of the same name, or import the .zip of them.',
    },
  };
}

/**
 * What the files chosen together are: one import (one file; or a .shp with its parts of the same
 * stem, the extension in any case) or a refusal naming them (several layers, files of other
 * names, parts without their .shp, one part picked twice). Undefined when none was chosen (a
 * dialog closed). Only the names are looked at.
 *
 * @example groupChosenFiles([{ name: 'parcel.shp' }, { name: 'parcel.DBF' }]) // ok: main parcel.shp, parts [parcel.DBF]
 */
export function groupChosenFiles<T extends { name: string }>(files: readonly T[]): Result<FileSet<T>, ImportError> | undefined {
  if (files.length === 0) return undefined;
  if (files.length === 1) {
    const [only] = files;
    const extension = extensionOf(only.name);
    // The registry would only say ".dbf is not supported": say which file is missing instead.
    if ((SHAPEFILE_SIBLINGS as readonly string[]).includes(extension)) return fail(lonePart(only.name, extension as Sibling));
    return ok({ main: only, parts: [], ignored: [] });
  }
  const names = files.map((file) => file.name);
  const shapes = files.filter((file) => extensionOf(file.name) === 'shp');
  if (shapes.length === 0) {
    const partsOnly = files.every((file) => (SHAPEFILE_SIBLINGS as readonly string[]).includes(extensionOf(file.name)) || IGNORED_SUFFIXES.has(extensionOf(file.name)));
    return fail(
      notOneImport(
        names,
        partsOnly
          ? { zh: '其中没有 .shp 文件，而图形在 .shp 中', en: 'none of them is a .shp file, and the shapes are in the .shp' }
          : { zh: '一次导入只读一个文件（或一个 Shapefile 的各组成文件）', en: 'one import reads one file (or the parts of one shapefile)' },
      ),
    );
  }
  if (shapes.length > 1) {
    const shapeNames = shapes.map((file) => file.name);
    return fail(
      notOneImport(names, {
        zh: `其中有 ${shapes.length} 个 .shp（${listed(shapeNames, 'zh')}），即 ${shapes.length} 个图层`,
        en: `${shapes.length} of them are .shp files (${listed(shapeNames, 'en')}), that is ${shapes.length} layers`,
      }),
    );
  }
  const [main] = shapes;
  const stem = stemOf(main.name);
  const parts: T[] = [];
  const ignored: T[] = [];
  const strangers: string[] = [];
  const seen = new Map<Sibling, string>();
  for (const file of files) {
    if (file === main) continue;
    // The stem as written (GDAL looks for parcel.dbf or parcel.DBF beside parcel.shp, never Parcel.dbf).
    const suffix = file.name.startsWith(`${stem}.`) ? file.name.slice(stem.length + 1).toLowerCase() : undefined;
    if (suffix !== undefined && (SHAPEFILE_SIBLINGS as readonly string[]).includes(suffix)) {
      const kind = suffix as Sibling;
      const twin = seen.get(kind);
      if (twin !== undefined) {
        return fail(
          notOneImport(names, {
            zh: `${cleanFileText(twin, 60)} 与 ${cleanFileText(file.name, 60)} 是同一个组成文件（${PART_WORDS[kind].zh}），不知该用哪一个`,
            en: `${cleanFileText(twin, 60)} and ${cleanFileText(file.name, 60)} are the same part (${PART_WORDS[kind].en}), and which to use cannot be told`,
          }),
        );
      }
      seen.set(kind, file.name);
      (READ_SIBLINGS.has(kind) ? parts : ignored).push(file);
    } else if (suffix !== undefined && (IGNORED_SUFFIXES.has(suffix) || /^[^.]+\.atx$/.test(suffix))) {
      ignored.push(file);
    } else strangers.push(file.name);
  }
  if (strangers.length > 0) {
    return fail(
      notOneImport(names, {
        zh: `${listed(strangers, 'zh')} 不是 ${cleanFileText(main.name, 60)} 的组成文件（组成文件与 .shp 同名，扩展名为 .shx、.dbf、.prj、.cpg）`,
        en: `${listed(strangers, 'en')} ${strangers.length === 1 ? 'is not a part' : 'are not parts'} of ${cleanFileText(main.name, 60)} (its parts have its name, with .shx, .dbf, .prj or .cpg)`,
      }),
    );
  }
  return ok({ main, parts, ignored });
}

// ---------------------------------------------------------------------------------------
// Handing a choice to the analysis client
// ---------------------------------------------------------------------------------------

/**
 * The import to start for files chosen together, as the one Blob and file name the import
 * controllers take (and keep, to read the file again in another CRS or with repair): the one
 * file as it is; the .shp carrying its sibling parts; or, for a refused choice, an empty Blob
 * carrying the refusal. The analysis client (src/worker/analysis-client.ts) turns what is
 * carried into `ImportOptions.parts` or answers with the refusal, so a refusal reaches the
 * panel as any import error does. Undefined when no file was chosen.
 */
export function chosenImport(files: readonly NamedBlob[]): { source: Blob; fileName: string } | undefined {
  const grouped = groupChosenFiles(files);
  if (!grouped) return undefined;
  if (!grouped.ok) return { source: carrying(new File([], grouped.error.file), { refusal: grouped.error }), fileName: grouped.error.file };
  const { main, parts } = grouped.value;
  if (parts.length === 0) return { source: main, fileName: main.name };
  return { source: carrying(main, { parts: parts.map((part) => ({ name: part.name, data: part })) }), fileName: main.name };
}
