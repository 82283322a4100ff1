/**
 * The attribution line: the catalog's credits (deduplicated, in catalog order) and MapLibre.
 * MapLibre inserts `customAttribution` as HTML, so catalog text is escaped first.
 */
import type { CatalogLayer } from '../data/catalog-types';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export function attributionHtml(layers: readonly Pick<CatalogLayer, 'attribution'>[]): string[] {
  const credits = [...new Set(layers.map((layer) => layer.attribution.trim()).filter(Boolean))];
  // Plain text, no link: the atlas runs on intranets where an outside link leads nowhere,
  // and nothing in it should send the user off its own origin.
  return [...credits.map(escapeHtml), 'MapLibre GL JS (BSD-3-Clause)'];
}
