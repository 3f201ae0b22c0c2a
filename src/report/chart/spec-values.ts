/** Reading values of a Vega-Lite spec whose shape is not checked (a theme, a title, an axis). */

/** Whether `x` is an object that is neither null nor an array (a spec's nested object). */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `x` when it is a plain object, else an empty one: read nested options without checks at every step. */
export function asObject(x: unknown): Record<string, unknown> {
  return isPlainObject(x) ? x : {};
}

/** `x` when it is a number above 0 (a size in px), else undefined. */
export function positive(x: unknown): number | undefined {
  return typeof x === 'number' && x > 0 ? x : undefined;
}
