/**
 * One entry of the URL hash as React state (`print=`, `sheet=`, `paper=` …), following the
 * hash as it changes, and the one way to change entries from a component (history replaced,
 * `hashchange` dispatched so every reader follows; the other entries kept as they were).
 */
import { useEffect, useState } from 'react';
import { hashEntry, withHashEntry } from './review-url';

export function useHashEntry(key: string): string | null {
  const [value, setValue] = useState(() => hashEntry(window.location.hash, key));
  useEffect(() => {
    const onHashChange = () => setValue(hashEntry(window.location.hash, key));
    onHashChange();
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [key]);
  return value;
}

/** Sets (or, with null, removes) hash entries in place of the current history entry. */
export function replaceHashEntries(entries: Record<string, string | null>): void {
  let hash = window.location.hash;
  for (const [key, value] of Object.entries(entries)) hash = withHashEntry(hash, key, value);
  window.history.replaceState(window.history.state, '', hash || window.location.pathname);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
