/**
 * The contract of the review against reference layers (the bureau's own layers: 三区三线,
 * the 用地用海 plan, 三调, authoritative zones, railways …). Pure types, shared by the rule
 * modules, the worker, the CLI, the app and the profile files. No React, no MapLibre.
 *
 * A reference layer is any file the importers read, kept as indexed FlatGeobuf (in the
 * browser: the origin-private file system or IndexedDB; in the CLI: the file itself), with
 * one role in the review. Rules never fetch: the caller asks the layer's source for the
 * features in the site's bounding box and hands them to the rule.
 */
import type { Feature, LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import type { Bilingual } from '../../data/catalog-types';

/** How a finding moves the verdict. */
export type FindingSeverity = 'blocker' | 'review' | 'info';

/**
 * The role a reference layer plays in the review (issue: "Roles").
 * - `prohibited`: any overlap is a blocker (生态保护红线, 永久基本农田, marine ranch).
 * - `inside`: the site must lie inside the layer's polygons; the part outside is reported
 *   with `severity` (城镇开发边界, a zone's 四至).
 * - `classes`: overlap per value of `field` (用地用海 code, 三调 DLBM); classes whose code
 *   starts with one of `prohibited` are blockers, with one of `review` need review.
 * - `zone`: the zones the site lies in (overlap and share) and the industry fit, using
 *   `industryField` (comma- or 、-separated cluster/industry codes) when given.
 * - `line`: a protected line (railway, pipeline); the buffer of `widthM` metres each side of
 *   the centre line must not be overlapped (`severity`, default blocker).
 * - `proximity`: the nearest feature and its distance.
 */
export type ReferenceRole =
  | { kind: 'prohibited' }
  | { kind: 'inside'; severity: 'review' | 'blocker' }
  | { kind: 'classes'; field: string; prohibited?: string[]; review?: string[] }
  | { kind: 'zone'; industryField?: string }
  | { kind: 'line'; widthM: number; severity?: 'review' | 'blocker' }
  | { kind: 'proximity' };

export type ReferenceRoleKind = ReferenceRole['kind'];

/** Where a reference layer came from, as shown in the report and stored with each record. */
export interface ReferenceSourceInfo {
  /** Original file name (or URL / table for server sources). */
  file: string;
  /** Number of features in the layer. */
  features: number;
  /** The CRS the file was read in, e.g. EPSG:4528. */
  crs: string;
  /** ISO 8601 time the layer was added. */
  added?: string;
  /** Content hash of the stored layer (hex SHA-256 of the indexed FlatGeobuf); the layer version. */
  hash?: string;
}

/** One reference layer as configured in a profile. */
export interface ReferenceLayerConfig {
  /** Stable id (kebab-case), unique within a profile. */
  id: string;
  /** Display name (usually from the file name), e.g. 永久基本农田. */
  name: string;
  role: ReferenceRole;
  source: ReferenceSourceInfo;
  /** Attribute field names of the layer. */
  fields: string[];
  /** Field holding a feature's display name, when recognised. */
  nameField?: string;
  /** Whether the layer counts in the verdict (a reviewer can leave one out); default true. */
  enabled?: boolean;
}

/**
 * A review profile: the reference layers, their roles, and which built-in layers count. A
 * bureau prepares it once; every reviewer uses the same rules. Serialised as JSON
 * (`format`, `version`); its bundle file carries the layer data too.
 */
export interface ReviewProfile {
  format: 'weihai-atlas-review-profile';
  version: 1;
  name: string;
  /** Free text: who prepared it, for what. */
  description?: string;
  layers: ReferenceLayerConfig[];
  /**
   * Built-in (schematic) atlas layers that take part in the verdict. Absent = all of them
   * (today's behaviour); [] = none (judge against the bureau's layers only).
   */
  builtInLayers?: string[];
}

/** One feature's finding within a reference layer's section. */
export interface ReferenceFinding {
  id: string;
  /** The value of the layer's name field (`named_by` of the section), else the shared name rule's. */
  name: string | null;
  /** Where the feature lies: its 坐落单位名称 (ZLDWMC) when the layer has that field. */
  place?: string;
  /** For `classes`: the class value (code) of the feature. */
  class?: string;
  /** Planar overlap in the site's Gauss–Krüger zone, m². */
  overlap_m2?: number;
  /** For `inside`: the part of the site outside the layer, m² (section level). */
  outside_m2?: number;
  /** For `proximity` and `line`: geodesic distance from the site boundary, metres. */
  distance_m?: number;
  severity: FindingSeverity;
  /** The finding's geometry in lon/lat: the overlap shape, the outside part or the closest-point line. */
  geometry?: Polygon | MultiPolygon | LineString | MultiLineString;
}

/** For `classes`: the overlap area summed per class value. */
export interface ClassBreakdown {
  class: string;
  /** Name of the class when the code is recognised (用地用海 / 三调 tables). */
  name: Bilingual | null;
  /** Official colour (#rrggbb) when known. */
  color: string | null;
  overlap_m2: number;
  severity: FindingSeverity;
}

/** The report's section for one reference layer (the CLI JSON's `reference[]`). */
export interface ReferenceSection {
  layer: string;
  /** Display name of the layer. */
  name: string;
  /** The field the findings' names are read from (the layer's `nameField`), when one is set. */
  named_by?: string;
  role: ReferenceRoleKind;
  source: Pick<ReferenceSourceInfo, 'file' | 'features' | 'crs'> & Partial<ReferenceSourceInfo>;
  findings: ReferenceFinding[];
  /**
   * Overlap in total, m²: prohibited and zone — the site's overlap with the union of the
   * features (they may overlap each other, so not the sum); classes and line — the sum of
   * the findings' overlaps.
   */
  total_overlap_m2?: number;
  /** inside and classes: the part of the site outside the layer (classes: no feature gives its class), m². */
  outside_m2?: number;
  /** inside and classes: that part, lon/lat (omitted from CLI JSON unless --geometry). */
  outside_geometry?: Polygon | MultiPolygon;
  /** classes: per class value. */
  classes?: ClassBreakdown[];
  /** The layer could not be read (server down, file gone): the verdict names it. */
  unavailable?: Bilingual;
  /** Whether the section counts in the verdict. */
  enabled: boolean;
}

/** A reference layer's features for one site: what the caller read from its source. */
export interface ReferenceInput {
  config: ReferenceLayerConfig;
  /** Features whose bounding box meets the site's (lon/lat), or the reason none could be read. */
  features: Feature[] | { unavailable: Bilingual };
}
