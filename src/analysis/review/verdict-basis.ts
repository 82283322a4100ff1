/**
 * Whether a review's verdict rests on the atlas's own schematic boundaries. Apart from
 * siting-review.ts (which imports it) so that the panel and the print (main thread) can ask
 * without loading the review engine. Pure.
 */
/** The reason a report carries when its verdict rests on the atlas's schematic boundaries. */
export const SCHEMATIC_DATA_CODE = 'schematic-data';

/**
 * True when the verdict rests on the atlas's schematic boundaries: the panel and the print then
 * call it preliminary at the verdict itself, not only in a note under the reasons — the
 * decision belongs on the bureau's own layers (三区三线, the land-use plan, its zone
 * boundaries), loaded as reference layers.
 *
 * A report that consulted no schematic layer (no SCHEMATIC_DATA_CODE reason) is not
 * preliminary. A compliant one that did is: a pass rests on every layer it was checked
 * against. A non-compliant (needs-review) one is preliminary only when every blocker (every
 * reason needing review) comes from a schematic layer: a refusal drawn from the bureau's 生态
 * 保护红线 stands whatever the atlas's schematic parks say. The schematic layers are the ids
 * the SCHEMATIC_DATA_CODE reason names in its `layer`; a record kept before it named them
 * (no `layer`) is called preliminary as it was then.
 */
export function restsOnSchematicData(report: { verdict?: string; reasons: readonly { code: string; severity?: string; layer?: string | null }[] }): boolean {
  const basis = report.reasons.find((reason) => reason.code === SCHEMATIC_DATA_CODE);
  if (!basis) return false;
  if (!basis.layer || report.verdict === undefined || report.verdict === 'compliant') return true;
  const schematic = new Set(basis.layer.split(','));
  const deciding = report.verdict === 'non-compliant' ? 'blocker' : 'review';
  return report.reasons
    .filter((reason) => reason.severity === deciding)
    .every((reason) => (reason.layer ?? '').split(',').some((id) => schematic.has(id)));
}

/**
 * True when a built-in layer was left out of the verdict: it has reasons, and all of them are
 * information (verdict.ts mutes the items of a layer that does not count). Its overlaps are then
 * drawn and listed as information, not in the colours of what decides the verdict.
 */
export function leftOutOfVerdict(report: { reasons?: readonly { severity?: string; layer?: string | null }[] }, layer: string): boolean {
  const reasons = (report.reasons ?? []).filter((reason) => reason.layer === layer);
  return reasons.length > 0 && reasons.every((reason) => reason.severity === 'info');
}

/** The severity a conflict is shown with: information when its layer was left out of the verdict, else its own. */
export function shownSeverity<S extends string>(report: Parameters<typeof leftOutOfVerdict>[0], conflict: { layer: string; severity: S }): S | 'info' {
  return leftOutOfVerdict(report, conflict.layer) ? 'info' : conflict.severity;
}
