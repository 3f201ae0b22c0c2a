import type { VegaLiteSpec } from '../types.ts';
import type { FigureTitleEdit } from './axis-title-edits.ts';

/**
 * A copy of the spec with each edit's text at its path (the titles layOutFigure broke into lines),
 * copying only the objects and arrays on the way; the spec itself when there are none. The input
 * is not changed.
 * @example withTitleEdits({ encoding: { y: { title: 'a b' } } }, [{ path: ['encoding', 'y', 'title'], text: ['a', 'b'] }])
 * // { encoding: { y: { title: ['a', 'b'] } } }
 */
export function withTitleEdits(spec: VegaLiteSpec, edits: readonly FigureTitleEdit[]): VegaLiteSpec {
  let out = spec;
  for (const { path, text } of edits) out = setAt(out, path, text) as VegaLiteSpec;
  return out;
}

function setAt(node: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path;
  if (Array.isArray(node)) {
    const copy = [...node];
    copy[key as number] = setAt(copy[key as number], rest, value);
    return copy;
  }
  const own = typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : {};
  return { ...own, [key as string]: setAt(own[key as string], rest, value) };
}
