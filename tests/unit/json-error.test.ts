import { describe, expect, it } from 'vitest';
import { describeJsonError, jsonErrorOffset } from '../../src/io/json-error-position';
import { importFile } from '../../src/io/registry';

/** What JSON.parse throws for the text (the engine's own English complaint). */
function thrown(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error(`${text} parses`);
}

describe('describeJsonError: where a JSON text goes wrong, in our words', () => {
  it('names the character, its line and column, in both languages', () => {
    const text = '{\n  "a": 1,\n}';
    expect(describeJsonError(text, thrown(text))).toEqual({
      zh: '不是有效的 JSON：第 3 行第 1 列的 “}” 不合 JSON 语法',
      en: 'Not valid JSON: “}” at line 3, column 1 is not allowed there',
    });
  });

  it('says a text that stops early may be cut off', () => {
    const text = '{"type": "FeatureCollection", "features": [';
    const message = describeJsonError(text, thrown(text));
    expect(message.en).toBe(`Not valid JSON: the text ends at line 1, column ${text.length + 1} before it is complete; the file may be cut off`);
    expect(message.zh).toContain('提前结束');
  });

  it('names a control character by its code, not by printing it', () => {
    const text = '{"a": "x\ty"}';
    expect(describeJsonError(text, thrown(text)).en).toBe('Not valid JSON: U+0009 at line 1, column 9 is not allowed there');
  });

  it('quotes none of the engine’s English when it can say where (the Chinese message is Chinese)', () => {
    for (const text of ['{"a": 01}', '[1, 2,]', '{"a" 1}', 'nul', '{"a": "\\x"}']) {
      const error = thrown(text);
      const message = describeJsonError(text, error);
      expect(jsonErrorOffset(text), text).toBeGreaterThanOrEqual(0);
      expect(message.en, text).not.toContain((error as Error).message);
      expect(message.zh.replaceAll('JSON', ''), text).not.toMatch(/[A-Za-z]{3,}/);
    }
  });

  it('falls back to the engine’s complaint, marked as such, where the scanner finds no fault', () => {
    const message = describeJsonError('{"a": 1}', new SyntaxError('Maximum call stack size exceeded'));
    expect(message.zh).toBe('不是有效的 JSON。英文程序提示：Maximum call stack size exceeded');
    expect(message.en).toBe('Not valid JSON: Maximum call stack size exceeded');
  });

  it('is what a broken GeoJSON import says, with what to do', async () => {
    const result = await importFile(new TextEncoder().encode('{"type":"FeatureCollection","features":[\n{"type":"Feature","properties":{"a":01},"geometry":null}]}'), { fileName: 'broken.geojson' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('PARSE_ERROR');
    expect(result.error.message.en).toContain('Not valid JSON: “1” at line 2, column 38 is not allowed there');
    expect(result.error.message.zh).toContain('第 2 行第 38 列的 “1” 不合 JSON 语法');
    expect(result.error.hint.en).toContain('text editor');
  });
});
