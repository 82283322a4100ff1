/**
 * Pinyin initials of park names for the search box ("whhj" → 威海火炬…), through pinyin-pro.
 * Kept apart from park-model.ts so the dictionary loads only with the explorer's lazy chunk.
 */
import { pinyin } from 'pinyin-pro';
import type { ParkEntry } from './park-model';

/** Lower-case initials of a Chinese text, non-Chinese characters dropped: 高区 → "gq". */
export function pinyinInitials(text: string): string {
  if (!text) return '';
  return pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' }).join('').toLowerCase();
}

/** Initials of the park's Chinese name and short name. */
export function parkInitials(entry: ParkEntry): string[] {
  return [pinyinInitials(entry.name.zh), pinyinInitials(entry.shortName?.zh ?? '')].filter(Boolean);
}
