/**
 * Applies the feature states `catalogStyle` lists (hover, selected) to the map: the one
 * imperative wrapper around `setFeatureState`, diffing against what it applied last.
 */
import { useEffect, useRef } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureStateEntry } from './catalog-style';

function keyOf(entry: Pick<FeatureStateEntry, 'source' | 'id'>): string {
  return `${entry.source}\u0000${String(entry.id)}`;
}

export function useFeatureStates(map: MapLibreMap | null, entries: FeatureStateEntry[]): void {
  const applied = useRef(new Map<string, FeatureStateEntry>());
  useEffect(() => {
    if (!map) return;
    const next = new Map(entries.map((entry) => [keyOf(entry), entry]));
    for (const [key, previous] of applied.current) {
      if (!map.getSource(previous.source)) continue;
      const current = next.get(key);
      // Clear the keys that are no longer set; `false` rather than remove keeps it cheap.
      const cleared: Record<string, boolean> = {};
      for (const name of Object.keys(previous.state)) if (!current?.state[name as keyof FeatureStateEntry['state']]) cleared[name] = false;
      if (Object.keys(cleared).length > 0) map.setFeatureState({ source: previous.source, id: previous.id }, cleared);
    }
    for (const entry of next.values()) {
      if (map.getSource(entry.source)) map.setFeatureState({ source: entry.source, id: entry.id }, entry.state);
    }
    applied.current = next;
  }, [map, entries]);
}
