/**
 * The review against reference layers (the bureau's own layers): one section per layer, its
 * findings with geometry (lon/lat), and the verdict items — each naming the rule and the
 * layer. The features are what the caller read from the layer's source for this site (see
 * {@link referenceQueryBox}); a layer that could not be read gives a section with
 * `unavailable` and a `review` item, so the verdict is never "compliant" over it. Pure.
 */
import type { Feature } from 'geojson';
import type { Bilingual } from '../../data/catalog-types';
import { attributeText, nameOf } from '../../io/feature-name';
import { boxesTouch, geometryBbox, type BoundingBox } from '../spatial-index';
import { areaPhrase } from '../units';
import { classesRule, uncoveredSeverity } from './classes-rule';
import { insideRule } from './inside-rule';
import {
  featureId,
  growBox,
  polygonsToLonLat,
  projectShape,
  round,
  type Candidate,
  type MeasuredSite,
  type PlanarShape,
} from './measured-site';
import type { OverlapFinding } from './overlap';
import { prohibitedRule } from './prohibited-rule';
import { protectedLineRule } from './protected-line-rule';
import { proximityRule } from './proximity-rule';
import type { ReferenceFinding, ReferenceInput, ReferenceRole, ReferenceSection } from './reference-types';
import type { VerdictItem } from './verdict';
import { fieldZoneIndustries, zoneRule } from './zone-rule';
import { countOf } from '../../io/text';
import { namingFieldOf, placeFieldOf } from './presets';

/** The zones of a reference `zone` layer, for the zone verdict and the industry fit. */
export interface ReferenceZones {
  layer: string;
  counts: boolean;
  zones: { finding: OverlapFinding; id: string; name: string | null; industries: string[] }[];
}

/** How far proximity looks for a reference layer when the caller reads by box (m). */
export const REFERENCE_PROXIMITY_RADIUS_M = 5_000;

/**
 * The lon/lat box whose features a rule needs: the site's box, grown by the line width for a
 * protected line, by `radiusM` (default {@link REFERENCE_PROXIMITY_RADIUS_M}) for proximity.
 * A proximity layer read by this box finds the nearest feature only when one lies within it;
 * a caller holding an index can widen the box until one does (reference-candidates.ts).
 */
export function referenceQueryBox(siteBox: BoundingBox, role: ReferenceRole, radiusM = REFERENCE_PROXIMITY_RADIUS_M): BoundingBox {
  if (role.kind === 'line') return growBox(siteBox, role.widthM + 1);
  if (role.kind === 'proximity') return growBox(siteBox, radiusM);
  return siteBox;
}

function referenceCandidates(site: MeasuredSite, layer: string, features: Feature[]): { candidates: Candidate[]; boxes: (BoundingBox | undefined)[] } {
  const boxes = features.map((feature) => (feature.geometry ? geometryBbox(feature.geometry) : undefined));
  const candidates = features.map((feature, position) => {
    let shape: PlanarShape | undefined;
    return { layer, position, feature, shape: () => (shape ??= projectShape(feature.geometry, site.crs)) };
  });
  return { candidates, boxes };
}

/**
 * A reference feature's id: its `id` attribute, else the 标识码 BSM the national database
 * layouts give every feature, else the feature id, else its position in what was read. The
 * attributes come first because they travel with the data: a feature id is often assigned
 * by the reader (a FlatGeobuf's file order, a server's row number), so the same feature read
 * from a file, a FlatGeobuf URL, WFS, OGC API or PostGIS keeps one id.
 */
export function referenceFeatureId(feature: Feature, position: number): string {
  const attribute = feature.properties?.id;
  if (attribute !== undefined && attribute !== null && String(attribute) !== '') return String(attribute);
  const bsm = feature.properties?.BSM ?? feature.properties?.bsm ?? feature.properties?.['标识码'];
  if (bsm !== undefined && bsm !== null && String(bsm) !== '') return String(bsm);
  return featureId(feature, position);
}

/** How a layer's findings are told apart: id, name, and where a feature lies (坐落) when the layer says. */
type Identify = (feature: Feature, position: number) => Pick<ReferenceFinding, 'id' | 'name' | 'place'>;

/**
 * The layer's naming: by its name field — the reviewer's choice (`nameField`), else the
 * automatic one (presets.ts autoNameField) — whose blank value leaves a finding unnamed (the
 * report then gives its id), never filled from another field under that field's heading; a
 * layer with no such field names its findings by the shared name rule (src/io/feature-name.ts).
 */
function identifierOf(config: ReferenceInput['config']): { field: string | undefined; identify: Identify } {
  const field = namingFieldOf(config);
  const placeField = placeFieldOf(config.fields);
  const identify: Identify = (feature, position) => {
    const place = placeField ? attributeText(feature.properties?.[placeField]) : undefined;
    return {
      id: referenceFeatureId(feature, position),
      name: field ? (attributeText(feature.properties?.[field]) ?? null) : nameOf(feature.properties),
      ...(place ? { place } : {}),
    };
  };
  return { field, identify };
}

function findingOf(item: OverlapFinding, site: MeasuredSite, identify: Identify, extra: Partial<ReferenceFinding> = {}, withGeometry = true): ReferenceFinding {
  const geometry = withGeometry ? polygonsToLonLat(site, item.pieces) : null;
  return {
    ...identify(item.candidate.feature, item.candidate.position),
    overlap_m2: round(item.overlap_m2, 2),
    severity: 'info',
    ...extra,
    ...(geometry ? { geometry } : {}),
  };
}

/**
 * Reviews the site against each reference layer.
 * @returns the sections (in input order), the verdict items, and the zones of `zone` layers
 */
export function reviewReferences(
  site: MeasuredSite,
  inputs: readonly ReferenceInput[],
): { sections: ReferenceSection[]; items: VerdictItem[]; zones: ReferenceZones[] } {
  const sections: ReferenceSection[] = [];
  const items: VerdictItem[] = [];
  const zones: ReferenceZones[] = [];
  for (const input of inputs) {
    const { config } = input;
    const counts = config.enabled !== false;
    const role = config.role;
    const label = config.name || config.id;
    const section: ReferenceSection = {
      layer: config.id,
      name: label,
      role: role.kind,
      source: { ...config.source },
      findings: [],
      enabled: counts,
    };
    const { field: namedBy, identify } = identifierOf(config);
    if (namedBy) section.named_by = namedBy;
    sections.push(section);
    const item = (severity: VerdictItem['severity'], rule: VerdictItem['rule'], text: Bilingual, code = `reference:${config.id}`) =>
      items.push({ code, rule, layer: config.id, severity, counts, ...text });

    if (!Array.isArray(input.features)) {
      section.unavailable = input.features.unavailable;
      item('review', ruleNameOf(role), {
        zh: `参考图层「${label}」无法读取（${input.features.unavailable.zh}），未能审查，不能判为符合`,
        en: `Reference layer "${label}" could not be read (${input.features.unavailable.en}): not reviewed, the site cannot be found compliant`,
      }, `reference-unavailable:${config.id}`);
      continue;
    }
    const { candidates, boxes } = referenceCandidates(site, config.id, input.features);
    const near = (box: BoundingBox) => candidates.filter((_, index) => boxes[index] !== undefined && boxesTouch(boxes[index] as BoundingBox, box));
    const onSite = near(site.box);

    switch (role.kind) {
      case 'prohibited': {
        const result = prohibitedRule(site, onSite);
        section.findings = result.findings.map((finding) => findingOf(finding, site, identify, { severity: 'blocker' }));
        section.total_overlap_m2 = round(result.total_m2, 2);
        if (result.findings.length > 0) {
          const area = areaPhrase(result.total_m2);
          item('blocker', 'prohibited', {
            zh: `与禁止占用图层「${label}」重叠 ${result.findings.length} 处，共 ${area.zh}（禁止占用规则）`,
            en: `Overlaps the prohibited layer "${label}" in ${countOf(result.findings.length, 'feature', 'features')}, ${area.en} in total (prohibited rule)`,
          });
        }
        break;
      }
      case 'inside': {
        const result = insideRule(site, onSite);
        section.findings = result.inside.map((finding) => findingOf(finding, site, identify, { severity: 'info' }, false));
        section.outside_m2 = round(result.outside_m2, 2);
        const outside = polygonsToLonLat(site, result.outside);
        if (outside) section.outside_geometry = outside;
        if (result.outside_m2 > 0) {
          const area = areaPhrase(result.outside_m2);
          item(role.severity, 'inside', {
            zh: `选址有 ${area.zh} 位于「${label}」之外（须位于其内规则）`,
            en: `${area.en} of the site lies outside "${label}" (must-lie-inside rule)`,
          });
        } else {
          item('info', 'inside', { zh: `选址位于「${label}」之内`, en: `The site lies inside "${label}"` });
        }
        break;
      }
      case 'classes': {
        const result = classesRule(site, onSite, role);
        section.findings = result.findings.map((finding) => findingOf(finding, site, identify, { class: finding.class, severity: finding.severity }));
        section.classes = result.classes.map((entry) => ({ ...entry, overlap_m2: round(entry.overlap_m2, 2) }));
        section.total_overlap_m2 = round(result.classes.reduce((sum, entry) => sum + entry.overlap_m2, 0), 2);
        section.outside_m2 = round(result.outside_m2, 2);
        // Drawn (in the review colour) only when it asks for review: a gap between features decides nothing.
        const uncoveredSays = uncoveredSeverity(result.outside_m2, site.area_m2);
        const uncovered = uncoveredSays === 'review' ? polygonsToLonLat(site, result.outside) : undefined;
        if (uncovered) section.outside_geometry = uncovered;
        for (const entry of result.classes) {
          if (entry.severity === 'info') continue;
          const area = areaPhrase(entry.overlap_m2);
          const className = entry.name ? `${entry.class} ${entry.name.zh}` : entry.class;
          const classNameEn = entry.name ? `${entry.class} ${entry.name.en}` : entry.class;
          item(entry.severity, 'classes', {
            zh: `占用「${label}」中 ${className} 类 ${area.zh}（${entry.severity === 'blocker' ? '禁止' : '需审查'}类别）`,
            en: `Takes ${area.en} of class ${classNameEn} in "${label}" (${entry.severity === 'blocker' ? 'prohibited' : 'review'} class)`,
          }, `reference:${config.id}:${entry.class}`);
        }
        if (uncoveredSays) {
          // No class there: the layer cannot say the part is not 耕地 (a layer of another
          // district, a clipped delivery). Not a blocker: the reviewer looks it up. A gap
          // between features is named as such and decides nothing.
          const area = areaPhrase(result.outside_m2);
          if (uncoveredSays === 'info') {
            item('info', 'classes', {
              zh: `「${label}」在选址内有 ${area.zh} 的缝隙（不超过选址面积的 0.1% 与 1 平方米中的较大者），无类别`,
              en: `"${label}" leaves a gap of ${area.en} within the site (at most the larger of 0.1 % of the site and 1 m²), with no class`,
            }, `reference:${config.id}:uncovered`);
          } else {
            item('review', 'classes', {
              zh: `选址有 ${area.zh} 不在「${label}」范围内，该图层未给出其类别，须人工核对`,
              en: `${area.en} of the site is not covered by "${label}": the layer gives no class there, check it by hand`,
            }, `reference:${config.id}:uncovered`);
          }
        }
        break;
      }
      case 'zone': {
        const result = zoneRule(site, onSite);
        section.findings = result.zones.map((finding) => findingOf(finding, site, identify, { severity: 'info' }, false));
        section.total_overlap_m2 = round(result.covered_m2, 2);
        zones.push({
          layer: config.id,
          counts,
          zones: result.zones.map((finding) => ({
            finding,
            ...identify(finding.candidate.feature, finding.candidate.position),
            industries: role.industryField ? fieldZoneIndustries(finding.candidate.feature, role.industryField) : [],
          })),
        });
        break;
      }
      case 'line': {
        const lineCandidates = near(growBox(site.box, role.widthM + 1));
        const found = protectedLineRule(site, lineCandidates, () => role.widthM).filter((finding) => finding.overlap_m2 > 0);
        const severity = role.severity ?? 'blocker';
        section.findings = found.map((finding) => {
          const geometry = polygonsToLonLat(site, finding.pieces);
          return {
            ...identify(finding.candidate.feature, finding.candidate.position),
            overlap_m2: round(finding.overlap_m2, 2),
            severity,
            ...(geometry ? { geometry } : {}),
          };
        });
        const total = found.reduce((sum, finding) => sum + finding.overlap_m2, 0);
        section.total_overlap_m2 = round(total, 2);
        if (found.length > 0) {
          const area = areaPhrase(total);
          item(severity, 'protected-line', {
            zh: `占用「${label}」两侧各 ${role.widthM} 米保护范围 ${area.zh}（保护线规则；自中心线起算，为最小范围）`,
            en: `Takes ${area.en} of the ${role.widthM} m protection strip either side of "${label}" (protected-line rule; measured from the centre line, a minimum)`,
          });
        }
        break;
      }
      case 'proximity': {
        let extent: BoundingBox | undefined;
        for (const box of boxes) {
          if (!box) continue;
          extent = extent ? [Math.min(extent[0], box[0]), Math.min(extent[1], box[1]), Math.max(extent[2], box[2]), Math.max(extent[3], box[3])] : [...box];
        }
        const nearest = proximityRule(site, near, extent);
        if (nearest) {
          section.findings = [
            {
              ...identify(nearest.candidate.feature, nearest.candidate.position),
              distance_m: round(nearest.distance_m, 1),
              severity: 'info',
              geometry: nearest.line,
            },
          ];
        }
        break;
      }
    }
  }
  // Findings in id order: the same whatever order the layer's source returned the features
  // in (a FlatGeobuf index returns them in Hilbert order), so the CLI and the app agree.
  for (const section of sections) section.findings.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  return { sections, items, zones };
}

function ruleNameOf(role: ReferenceRole): VerdictItem['rule'] {
  return role.kind === 'line' ? 'protected-line' : role.kind;
}
