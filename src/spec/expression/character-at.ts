/**
 * The character of `text` at the 0-based offset `pos` (UTF-16 code units, as node and token
 * positions count), numbered from 1 as an editor numbers a line's columns, for messages ("at
 * character 5"): a character outside the Basic Multilingual Plane (an emoji in a backquoted name)
 * counts once, not twice. An offset at the end of the text is the character after the last one;
 * one beyond a shorter `text` (a hand-built tree compiled without its source) counts a character
 * per code unit.
 *
 * @example
 * characterAt('phq1 + modality', 7); // 8
 * characterAt('`😀 x` + y', 7); // 7
 */
export function characterAt(text: string, pos: number): number {
  const before = text.slice(0, pos);
  return [...before].length + Math.max(0, pos - before.length) + 1;
}
