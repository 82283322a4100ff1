/** Every importer's format has a name for people (src/io/format-labels.ts), never its code id. */
import { describe, expect, it } from 'vitest';
import { importers } from '../../src/io/registry';
import { IMPORT_FORMAT_LABELS, importFormatLabel, PASTED_TABLE_FILE, sourceFileLabel } from '../../src/io/format-labels';

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

describe('sourceFileLabel', () => {
  it('calls a pasted table what it is, and leaves a real file name as it is', () => {
    expect(sourceFileLabel(PASTED_TABLE_FILE, 'zh')).toBe('粘贴的界址点坐标');
    expect(sourceFileLabel(PASTED_TABLE_FILE, 'en')).toBe('pasted boundary points');
    expect(sourceFileLabel('boundary-points-zh.csv', 'zh')).toBe('boundary-points-zh.csv');
  });
});
