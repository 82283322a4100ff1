/** `#print=<record id>` in the URL hash: the record whose printable report to show, or null. */
import { PRINT_KEY } from '../state/review-url';
import { useHashEntry } from '../state/use-hash-entry';

export function usePrintRoute(): string | null {
  return useHashEntry(PRINT_KEY);
}
