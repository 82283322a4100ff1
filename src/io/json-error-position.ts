/**
 * Finds where a JSON text first goes wrong, as a character offset. JSON.parse's messages
 * differ between engines and Node 20's V8 no longer gives a position, so a planner would
 * not learn which line to fix; this small recursive-descent scanner (RFC 8259 grammar,
 * values skipped, not built) is only run after JSON.parse has failed.
 */
import type { Bilingual } from '../data/catalog-types';
import { libraryNote, lineAndColumn } from './text';

export function jsonErrorOffset(text: string): number {
  let index = 0;
  const fail = (): never => {
    throw index;
  };
  const space = () => {
    while (index < text.length && ' \t\n\r'.includes(text[index])) index++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, index)) index += word.length;
    else fail();
  };
  const string = () => {
    index++; // opening quote
    while (index < text.length) {
      const character = text[index];
      if (character === '"') {
        index++;
        return;
      }
      if (character === '\\') {
        index++;
        if (text[index] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 1, index + 5))) fail();
          index += 5;
        } else if ('"\\/bfnrt'.includes(text[index] ?? '')) index++;
        else fail();
      } else if (character.charCodeAt(0) < 0x20) fail();
      else index++;
    }
    fail();
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(index, index + 400));
    if (!match || match[0] === '' || match[0] === '-') fail();
    index += match![0].length;
  };
  const value = (): void => {
    space();
    const character = text[index];
    if (character === '{') {
      index++;
      space();
      if (text[index] === '}') {
        index++;
        return;
      }
      for (;;) {
        space();
        if (text[index] !== '"') fail();
        string();
        space();
        if (text[index] !== ':') fail();
        index++;
        value();
        space();
        if (text[index] === ',') index++;
        else if (text[index] === '}') {
          index++;
          return;
        } else fail();
      }
    } else if (character === '[') {
      index++;
      space();
      if (text[index] === ']') {
        index++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[index] === ',') index++;
        else if (text[index] === ']') {
          index++;
          return;
        } else fail();
      }
    } else if (character === '"') string();
    else if (character === 't') literal('true');
    else if (character === 'f') literal('false');
    else if (character === 'n') literal('null');
    else number();
  };
  try {
    value();
    space();
    if (index < text.length) fail();
    return -1;
  } catch (offset) {
    return typeof offset === 'number' ? offset : -1;
  }
}

/**
 * Why a JSON text does not parse, in both languages, for a message that starts "不是有效的 JSON" /
 * "Not valid JSON": the line and column where it goes wrong and what stands there (or that the
 * text ends early), in our own words. The JavaScript engine's complaint (English, and different
 * in each browser) is quoted only when the scanner finds no fault, e.g. nesting too deep.
 *
 * @example describeJsonError('{"a": 1,}', error).en // 'Not valid JSON: "}" at line 1, column 9 is not allowed there'
 */
export function describeJsonError(text: string, error: unknown): Bilingual {
  const offset = jsonErrorOffset(text);
  if (offset < 0) {
    const reason = libraryNote(error);
    return { zh: `不是有效的 JSON。${reason.zh}`, en: `Not valid JSON: ${reason.en}` };
  }
  const { line, column } = lineAndColumn(text, offset);
  if (offset >= text.length) {
    return {
      zh: `不是有效的 JSON：文本在第 ${line} 行第 ${column} 列处提前结束，文件可能不完整`,
      en: `Not valid JSON: the text ends at line ${line}, column ${column} before it is complete; the file may be cut off`,
    };
  }
  const code = text.codePointAt(offset)!;
  // A control character or a space is named by its code, not printed.
  const shown = code <= 0x20 || (code >= 0x7f && code <= 0x9f) ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `“${String.fromCodePoint(code)}”`;
  return {
    zh: `不是有效的 JSON：第 ${line} 行第 ${column} 列的 ${shown} 不合 JSON 语法`,
    en: `Not valid JSON: ${shown} at line ${line}, column ${column} is not allowed there`,
  };
}
