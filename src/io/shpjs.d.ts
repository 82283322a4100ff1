// shpjs 6 ships no type declarations; these cover the two functions src/io uses.
declare module 'shpjs' {
  /** Decodes a .shp into GeoJSON geometries (projected with `prj` when given; src/io never passes one). */
  export function parseShp(shp: ArrayBuffer | ArrayBufferView | DataView, prj?: string): unknown[];
  /** Decodes a .dbf into one record per feature; `cpg` is the code page / encoding label. */
  export function parseDbf(dbf: ArrayBuffer | ArrayBufferView | DataView, cpg?: string): Record<string, unknown>[];
}
