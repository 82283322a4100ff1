/**
 * The layer catalog: the one description of every layer, shared by the build script
 * (layers/<id>/layer.json → public/data/catalog.json), the map (catalog → MapLibre style),
 * the layer panel, the inspector and the analysis engine. Pure types, no React, no MapLibre.
 */

export type Lang = 'zh' | 'en';

/** Text in both interface languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

export type LayerGroup = 'basemap' | 'planning' | 'transport' | 'marine' | 'projects';
export const LAYER_GROUPS: readonly LayerGroup[] = ['basemap', 'planning', 'transport', 'marine', 'projects'];

/**
 * How well a geometry is known. `schematic` = placed from descriptions, not a survey;
 * shown as such in the UI. A feature may carry its own `accuracy` property, which wins
 * over the layer's.
 */
export type Accuracy = 'surveyed' | 'digitized' | 'schematic';
export const ACCURACIES: readonly Accuracy[] = ['surveyed', 'digitized', 'schematic'];

export interface Provenance {
  /**
   * Where the geometry and the figures come from, in full (documents, datasets, dates,
   * scripts, commits): the technical note for whoever rebuilds or checks the layer.
   */
  source: string;
  /**
   * The same told to a reader, in one or two sentences per language: documents by their
   * titles, publishers and dates, datasets by name, and whether positions are estimated or
   * schematic. Shown under 来源 / Source in the layer panel and in the printed report; no
   * internal jargon (seed numbers, file or script names), which the validator rejects.
   */
  citation: Bilingual;
  /** ISO date (YYYY-MM-DD) of the source or of the digitising. */
  date: string;
  accuracy: Accuracy;
  notes?: string;
}

export type GeometryKind = 'Polygon' | 'LineString' | 'Point';

/** Units the inspector knows how to label and convert. */
export type FieldUnit = 'km2' | 'mu' | 'ha' | 'm2' | 'km' | 'm' | 'km/h' | 'yuan-yi' | 'yuan-wan' | 'date' | 'percent' | 't' | 'text';

/** One attribute shown in the inspector, in the order listed. */
export interface FieldSpec {
  key: string;
  label: Bilingual;
  unit?: FieldUnit;
  /** Values are codes translated through this table (e.g. status: built → 已建成 / built). */
  values?: Record<string, Bilingual>;
  /** The value is a ';'-separated list of codes or names. */
  list?: boolean;
  /**
   * Shown only when the interface is in this language: one of a pair of properties that say the
   * same thing in each language (`source_zh` / `source_en`, `industries_zh` / `industries_en`),
   * so a reader sees one row, in the language they read. Absent: shown in both languages.
   */
  lang?: Lang;
}

/**
 * Style as data: one kind of drawing per layer plus a few knobs. `src/map/catalog-style.ts`
 * turns it into MapLibre layers; the legend swatch is derived from the same object.
 */
export interface LayerStyle {
  type: 'fill' | 'line' | 'circle';
  /** Main colour (#rrggbb): fill, line or circle colour. */
  color: string;
  /** Outline colour of fills or circles. */
  outline?: string;
  /** Line width or outline width in px. */
  width?: number;
  /** Dash pattern for lines / fill outlines, in line widths. */
  dash?: number[];
  /** Circle radius in px. */
  radius?: number;
  /** Fill opacity before the user's layer opacity is applied (0–1). */
  fillOpacity?: number;
  /** Colour by a categorical property; values not listed use `color`. */
  colorBy?: {
    field: string;
    values: Record<string, string>;
    /** Legend line of each value, where the field has no `values` table of its own (a colour per feature id). */
    labels?: Record<string, Bilingual>;
  };
  /** Label features with name_zh / name_en (by interface language). */
  /** The label; `maxzoom`: hidden from that zoom on (a county's name where its towns name the ground). */
  label?: { minzoom?: number; maxzoom?: number; size?: number; color?: string; halo?: string };
  minzoom?: number;
  maxzoom?: number;
  /**
   * `approximate`: the polygons are extents placed from descriptions, not boundaries (no
   * public source gives one). Drawn soft, hatched and dashed, labelled "approximate
   * location", so a reader never takes them for a surveyed line (issue 15).
   */
  extent?: ExtentKind;
}

export type ExtentKind = 'approximate';
export const EXTENT_KINDS: readonly ExtentKind[] = ['approximate'];

/** layers/<id>/layer.json as authored. */
export interface LayerMeta {
  id: string;
  title: Bilingual;
  description?: Bilingual;
  group: LayerGroup;
  geometryType: GeometryKind;
  style: LayerStyle;
  provenance: Provenance;
  /** SPDX-like licence of the data (e.g. "CC0-1.0", "LGPL-3.0-or-later", "MIT"). */
  licence: string;
  /** Short credit shown in the map attribution. */
  attribution: string;
  /** Visible when no `layers=` is in the URL. */
  visible: boolean;
  /** Draw order: lower draws first (below). */
  order: number;
  /** Attributes shown in the inspector. `name_zh`/`name_en`/`accuracy` are always shown. */
  fields: FieldSpec[];
}

/** One entry of public/data/catalog.json: the authored metadata plus what the build measured. */
export interface CatalogLayer extends LayerMeta {
  /** Relative URL of the FlatGeobuf file, e.g. "data/development-zones.fgb". */
  url: string;
  featureCount: number;
  /** [west, south, east, north] in lon/lat. */
  bbox: [number, number, number, number];
}

export interface Catalog {
  /** Bumped when the catalog format changes. */
  version: 1;
  generated: string;
  layers: CatalogLayer[];
}

/**
 * Properties every authored feature carries. Values are flat scalars (FlatGeobuf columns);
 * lists are ';'-joined strings. Unknown figures are absent or null, never guessed.
 */
export interface BaseFeatureProperties {
  id: string;
  name_zh: string;
  name_en: string;
  accuracy?: Accuracy;
  [key: string]: string | number | boolean | null | undefined;
}
