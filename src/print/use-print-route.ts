/** `#print=<record id>` in the URL hash: the record whose printable report to show, or null. */
import { useEffect, useState } from 'react';
import { hashEntry, PRINT_KEY } from '../state/review-url';

export function usePrintRoute(): string | null {
  const [recordId, setRecordId] = useState(() => hashEntry(window.location.hash, PRINT_KEY));
  useEffect(() => {
    const onHashChange = () => setRecordId(hashEntry(window.location.hash, PRINT_KEY));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return recordId;
}
