/**
 * The cursor position over the map. Kept apart from the atlas store because it changes on
 * every mouse move and only the coordinate readout reads it.
 */
import { useSyncExternalStore } from 'react';

export type CursorPosition = { longitude: number; latitude: number } | null;

let position: CursorPosition = null;
const listeners = new Set<() => void>();

export function setCursorPosition(next: CursorPosition): void {
  position = next;
  for (const listener of [...listeners]) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useCursorPosition(): CursorPosition {
  return useSyncExternalStore(subscribe, () => position);
}
