/** Width of one character as Vega lays text out without a canvas, in font sizes (vega-scenegraph `estimateWidth`: 0.8 × size per character). */
const CHAR_WIDTH_EM = 0.8;
/** Lines are never made shorter than this, however narrow the chart (characters). */
const MIN_LINE_CHARS = 20;

/**
 * A string or lines of text broken at spaces into lines of at most `width` px at `fontSize` px,
 * as Vega lays out text without a canvas (vega-scenegraph `estimateWidth`: 0.8 × font size per
 * character, the estimate the static SVG is drawn with; browsers draw narrower glyphs, so the
 * lines fit there too): `max(20, floor(width / (0.8 × fontSize)))` characters a line. A word
 * longer than a line is cut across lines. Answers the value itself (the same object) when every
 * line fits or it is not text. The one line-breaking rule of chart titles (wrapFigureTitle) and
 * axis titles (axisTitleEdits).
 * @example wrapTextLines('a '.repeat(20).trim(), 200, 10) // ['a a a a a a a a a a a a a', 'a a a a a a a']: 25 characters a line
 */
export function wrapTextLines(text: unknown, width: number, fontSize: number): unknown {
  const max = Math.max(MIN_LINE_CHARS, Math.floor(width / (CHAR_WIDTH_EM * fontSize)));
  const lines = typeof text === 'string' ? [text] : Array.isArray(text) && text.every((l) => typeof l === 'string') ? (text as string[]) : undefined;
  if (lines === undefined || lines.every((l) => l.length <= max)) return text;
  return lines.flatMap((l) => wrapLine(l, max));
}

function wrapLine(line: string, max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(/\s+/).filter((w) => w !== '')) {
    if (current !== '' && current.length + 1 + word.length <= max) {
      current += ` ${word}`;
      continue;
    }
    if (current !== '') out.push(current);
    current = '';
    for (const ch of word) {
      if (current.length + ch.length > max) {
        out.push(current);
        current = '';
      }
      current += ch;
    }
  }
  if (current !== '') out.push(current);
  return out.length > 0 ? out : [line];
}
