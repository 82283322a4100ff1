/**
 * Whether a review's verdict rests on the atlas's own schematic boundaries. Apart from
 * siting-review.ts (which imports it) so that the panel and the print (main thread) can ask
 * without loading the review engine. Pure.
 */
/** The reason a report carries when its verdict rests on the atlas's schematic boundaries. */
export const SCHEMATIC_DATA_CODE = 'schematic-data';

/**
 * True when the verdict rests on the atlas's schematic boundaries (the report carries the
 * SCHEMATIC_DATA_CODE reason): the panel and the print then call it preliminary at the
 * verdict itself, not only in a note under the reasons — the decision belongs on the
 * bureau's own layers (三区三线, the land-use plan, its zone boundaries), loaded as reference
 * layers.
 */
export function restsOnSchematicData(report: { reasons: readonly { code: string }[] }): boolean {
  return report.reasons.some((reason) => reason.code === SCHEMATIC_DATA_CODE);
}
