/** Width of one character as Vega lays text out without a canvas, in font sizes (vega-scenegraph `estimateWidth`: 0.8 × size per character). */
const CHAR_WIDTH_EM = 0.8;
/** A word with no break point is cut only into pieces of at least this many characters; a shorter word longer than a line stays whole. */
const MIN_CUT_CHARS = 20;

/**
 * A string or lines of text broken into lines of at most `width` px at `fontSize` px, as Vega
 * lays out text without a canvas (vega-scenegraph `estimateWidth`: 0.8 × font size per
 * character, the estimate the static SVG is drawn with; browsers draw narrower glyphs, so the
 * lines fit there too): `floor(width / (0.8 × fontSize))` characters a line, at least one.
 * Lines break at spaces; a word longer than a line (a field name such as `mean_alliance_by_modality`)
 * breaks after its `_`, `-` or `/`; a piece still longer than a line is cut into pieces of the
 * line's length but never shorter than 20 characters, so only a single word can be wider than
 * `width`. Answers the value itself (the same object) when every line fits or it cannot be
 * broken, or it is not text. The one line-breaking rule of chart titles (wrapFigureTitle) and
 * axis titles (axisTitleEdits).
 * @example wrapTextLines('a '.repeat(20).trim(), 200, 10) // ['a a a a a a a a a a a a a', 'a a a a a a a']: 25 characters a line
 * @example wrapTextLines('Improvement on PHQ-9', 120, 12) // ['Improvement', 'on PHQ-9']: 12 characters a line
 */
export function wrapTextLines(text: unknown, width: number, fontSize: number): unknown {
  const max = Math.max(1, Math.floor(width / (CHAR_WIDTH_EM * fontSize)));
  const lines = typeof text === 'string' ? [text] : Array.isArray(text) && text.every((l) => typeof l === 'string') ? (text as string[]) : undefined;
  if (lines === undefined || lines.every((l) => l.length <= max)) return text;
  const wrapped = lines.flatMap((l) => (l.length <= max ? [l] : wrapLine(l, max)));
  return wrapped.length === lines.length && wrapped.every((l, i) => l === lines[i]) ? text : wrapped;
}

function wrapLine(line: string, max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(/\s+/).filter((w) => w !== '')) {
    const pieces = word.length <= max ? [word] : wordPieces(word, max);
    pieces.forEach((piece, i) => {
      const joined = current === '' ? piece : i === 0 ? `${current} ${piece}` : `${current}${piece}`;
      if (joined.length <= max) {
        current = joined;
        return;
      }
      if (current !== '') out.push(current);
      current = piece;
    });
  }
  if (current !== '') out.push(current);
  return out.length > 0 ? out : [line];
}

/** A word split after each `_`, `-` or `/`, and each part longer than a line cut into pieces of max(line, 20) characters. */
function wordPieces(word: string, max: number): string[] {
  const cut = Math.max(max, MIN_CUT_CHARS);
  return (word.match(/[^_\-/]*[_\-/]+|[^_\-/]+$/g) ?? [word]).flatMap((part) => {
    const chars = Array.from(part);
    const out: string[] = [];
    for (let i = 0; i < chars.length; i += cut) out.push(chars.slice(i, i + cut).join(''));
    return out;
  });
}
