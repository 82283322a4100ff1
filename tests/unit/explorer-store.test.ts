/** The explorer's flights (src/explorer/explorer-store.ts): a flight is never hidden behind the expanded panel. */
import { describe, expect, it } from 'vitest';
import { flyToBox, getExplorerState, updateExplorer } from '../../src/explorer/explorer-store';

describe('flyToBox', () => {
  it('shrinks an expanded panel back to the drawer, so the map it flies is seen', () => {
    updateExplorer({ open: true, expanded: true });
    flyToBox([121.4, 36.8, 121.5, 36.9]);
    expect(getExplorerState().expanded).toBe(false);
    expect(getExplorerState().flight?.bbox).toEqual([121.4, 36.8, 121.5, 36.9]);
  });
  it('leaves a drawer as it is', () => {
    updateExplorer({ open: true, expanded: false });
    const before = getExplorerState().flight?.sequence ?? 0;
    flyToBox([121.4, 36.8, 121.5, 36.9]);
    expect(getExplorerState().expanded).toBe(false);
    expect(getExplorerState().flight?.sequence).toBe(before + 1);
  });
});
