/**
 * The `#sheet=A3-landscape` route of the printable map sheet (issue 14), apart from the sheet
 * itself (map-sheet.tsx) so the app shell reads it without loading the sheet, its map and
 * proj4 (issue 12: first-load JavaScript). map-sheet.tsx re-exports everything here.
 */
import type { Orientation, PaperSize } from '../../map/tools/export-png';
import { useHashEntry } from '../../state/use-hash-entry';

export const SHEET_KEY = 'sheet';

export interface SheetChoice {
  paper: PaperSize;
  orientation: Orientation;
}

/** `A3-landscape` → { paper: 'A3', orientation: 'landscape' }; anything else → null. */
export function parseSheet(value: string | null): SheetChoice | null {
  const match = /^(A3|A4)-(portrait|landscape)$/.exec(value ?? '');
  return match ? { paper: match[1] as PaperSize, orientation: match[2] as Orientation } : null;
}

/** `#sheet=…` in the hash: the sheet to show, or null for the app. */
export function useSheetRoute(): SheetChoice | null {
  return parseSheet(useHashEntry(SHEET_KEY));
}
