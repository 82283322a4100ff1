/** Every importer's format has a name for people (src/io/format-labels.ts), never its code id. */
import { describe, expect, it } from 'vitest';
import { importers } from '../../src/io/registry';
import { IMPORT_FORMAT_LABELS, importFormatLabel } from '../../src/io/format-labels';

describe('importFormatLabel', () => {
  it('names every importer in both languages, and the 报盘 file as such', () => {
    for (const importer of importers) {
      expect(IMPORT_FORMAT_LABELS[importer.id], importer.id).toBeDefined();
      expect(importer.label).toBe(IMPORT_FORMAT_LABELS[importer.id]);
    }
    expect(importFormatLabel('baopan-txt', 'zh')).toBe('电子报盘坐标文件（TXT）');
    expect(importFormatLabel('csv', 'en')).toBe('Boundary-point table (CSV)');
    expect(importFormatLabel('something-new', 'zh')).toBe('something-new');
  });
});
