/**
 * Finds where a JSON text first goes wrong, as a character offset. JSON.parse's messages
 * differ between engines and Node 20's V8 no longer gives a position, so a planner would
 * not learn which line to fix; this small recursive-descent scanner (RFC 8259 grammar,
 * values skipped, not built) is only run after JSON.parse has failed.
 */
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
