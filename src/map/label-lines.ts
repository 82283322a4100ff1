/**
 * Names set as map labels: broken into lines where they read well, never inside a word —
 * MapLibre, given a maximum width, breaks Chinese between any two characters (新|能源). Used by
 * the atlas's own labels (label-points.ts) and the story's big ones (story-effects.ts). Pure.
 */

/**
 * A trailing bracketed qualifier, full-width or not, its own brackets nested
 * ("海洋生物基地（威海（荣成）海洋高新技术产业园）" → 海洋生物基地 and 威海（荣成）海洋高新技术产业园);
 * undefined when the name does not end in one or nothing stands before it.
 */
export function trailingQualifier(name: string): { head: string; qualifier: string } | undefined {
  const close = name.at(-1);
  if (close !== '）' && close !== ')') return undefined;
  let depth = 0;
  for (let index = name.length - 1; index > 0; index--) {
    const character = name[index];
    if (character === '）' || character === ')') depth++;
    else if (character === '（' || character === '(') {
      depth--;
      if (depth === 0) {
        const head = name.slice(0, index).trimEnd();
        return head ? { head, qualifier: name.slice(index + 1, -1) } : undefined;
      }
    }
  }
  return undefined;
}

/** A Chinese label line longer than this many ems (characters) is broken, where it can be broken well. */
export const LABEL_LINE_EMS = 12;
/** The qualifier's size, as a fraction of the name's: it says where, the name says what. */
export const QUALIFIER_SCALE = 0.72;

/**
 * The places a Chinese name reads well broken at, as character offsets: after a closing
 * bracket (威海（荣成）| 海洋高新技术产业园), after 与/和/及, and where digits or Latin letters
 * meet Chinese (乳山海洋牧场 | 5000亩示范区). Never inside a word, nor inside or before brackets.
 */
function chineseBreaks(text: string): number[] {
  const characters = [...text];
  const breaks: number[] = [];
  const isAlphanumeric = (character: string) => /[0-9A-Za-z.]/u.test(character);
  for (let index = 1; index < characters.length; index++) {
    const before = characters[index - 1];
    const after = characters[index];
    // A bracket stays with the words it follows and the words it holds.
    if (after === '）' || after === ')' || after === '（' || after === '(' || before === '（' || before === '(') continue;
    if (before === '）' || before === ')' || '与和及'.includes(before) || isAlphanumeric(before) !== isAlphanumeric(after)) {
      breaks.push(index);
    }
  }
  return breaks;
}

/**
 * A Chinese name as label lines of at most `ems` characters where it can be broken well
 * (chineseBreaks), each line at the good place nearest its middle; a line with no good place
 * stays whole (MapLibre would break it anywhere, inside a word, at its maximum width).
 */
export function chineseLabelLines(text: string, ems = LABEL_LINE_EMS): string[] {
  const characters = [...text];
  if (characters.length <= ems) return [text];
  const breaks = chineseBreaks(text).filter((index) => index > 1 && index < characters.length - 1);
  if (breaks.length === 0) return [text];
  const middle = characters.length / 2;
  const best = breaks.reduce((chosen, index) => (Math.abs(index - middle) < Math.abs(chosen - middle) ? index : chosen));
  return [...chineseLabelLines(characters.slice(0, best).join(''), ems), ...chineseLabelLines(characters.slice(best).join(''), ems)];
}

/** An English label line is kept to about this many characters (≈ 15 ems), broken between words. */
export const LABEL_LINE_CHARACTERS = 30;

/**
 * English text in lines of at most `characters` between words (a longer word stays whole):
 * the fewest lines, made as even as they can be — "Electronic information and / smart
 * manufacturing base", not a long line over a short one.
 */
export function englishLabelLines(text: string, characters = LABEL_LINE_CHARACTERS): string[] {
  const words = text.split(/\s+/u).filter((word) => word !== '');
  if (text.length <= characters || words.length < 2) return [text];
  const lineLength = (from: number, to: number) => words.slice(from, to).join(' ').length;
  // longest[from][count]: the shortest longest line that words[from…] can be set in, in `count` lines.
  const memo = new Map<string, { longest: number; next: number }>();
  const best = (from: number, count: number): { longest: number; next: number } => {
    const key = `${from}/${count}`;
    const known = memo.get(key);
    if (known) return known;
    let result = { longest: Infinity, next: words.length };
    if (count === 1) result = { longest: lineLength(from, words.length), next: words.length };
    else {
      for (let to = from + 1; to <= words.length - count + 1; to++) {
        const first = lineLength(from, to);
        if (first > characters && to > from + 1) break;
        const longest = Math.max(first, best(to, count - 1).longest);
        if (longest < result.longest) result = { longest, next: to };
      }
    }
    memo.set(key, result);
    return result;
  };
  let count = 1;
  while (count < words.length && best(0, count).longest > characters) count++;
  const lines: string[] = [];
  for (let from = 0, left = count; from < words.length; left--) {
    const next = best(from, left).next;
    lines.push(words.slice(from, next).join(' '));
    from = next;
  }
  return lines;
}

/** How long a label's lines may be: Chinese in ems (characters), English in characters. */
export interface LabelMeasure {
  ems: number;
  characters: number;
}

/** The story's big labels (a hall's screen): LABEL_LINE_EMS and LABEL_LINE_CHARACTERS. */
export const STORY_LABEL_MEASURE: LabelMeasure = { ems: LABEL_LINE_EMS, characters: LABEL_LINE_CHARACTERS };

/**
 * How a name is written on the map: its head, and its trailing bracketed qualifier on lines
 * of its own, smaller — 服务贸易产业基地 over （经区软件和服务外包产业园） — each broken where it
 * reads well (chineseLabelLines, englishLabelLines), instead of one block wrapped at a maximum
 * width wherever that falls (MapLibre breaks Chinese between any two characters). `language`
 * is the script's rules: Chinese breaks and brackets, or English ones.
 */
export function labelText(name: string, language: 'zh' | 'en', measure: LabelMeasure = STORY_LABEL_MEASURE): { label: string; note: string } {
  const split = trailingQualifier(name);
  const head = split ? split.head : name;
  const qualifier = split ? (language === 'zh' ? `（${split.qualifier}）` : `(${split.qualifier})`) : '';
  const lines =
    language === 'zh'
      ? (text: string, scale: number) => chineseLabelLines(text, Math.floor(measure.ems / scale))
      : (text: string, scale: number) => englishLabelLines(text, Math.floor(measure.characters / scale));
  return { label: lines(head, 1).join('\n'), note: qualifier && `\n${lines(qualifier, QUALIFIER_SCALE).join('\n')}` };
}

/** The atlas's labels (12–13 px): a Chinese line up to 10 characters, an English one up to 24. */
export const ATLAS_LABEL_MEASURE: LabelMeasure = { ems: 10, characters: 24 };

const CHINESE = /[\u3400-\u9fff\uf900-\ufaff]/u;

/** A feature's names as the map writes them (catalog-style labelLinesField, the story's label layer). */
export type LabelLines = Partial<Record<'label_zh' | 'note_zh' | 'label_en' | 'note_en', string>>;

/**
 * `label_zh`/`note_zh` and `label_en`/`note_en`: each language's name — else the other
 * language's — as its head in lines and its trailing qualifier on lines of its own
 * (labelText), broken by the rules of the script it is written in. None for a feature without
 * a name.
 */
export function labelProperties(properties: Record<string, unknown> | null | undefined, measure: LabelMeasure): LabelLines {
  const name = (key: string) => (typeof properties?.[key] === 'string' && properties[key] !== '' ? (properties[key] as string) : undefined);
  const zh = name('name_zh');
  const en = name('name_en');
  const labels: LabelLines = {};
  for (const [language, text] of [['zh', zh ?? en], ['en', en ?? zh]] as const) {
    if (text === undefined) continue;
    const set = labelText(text, CHINESE.test(text) ? 'zh' : 'en', measure);
    labels[`label_${language}`] = set.label;
    labels[`note_${language}`] = set.note;
  }
  return labels;
}
