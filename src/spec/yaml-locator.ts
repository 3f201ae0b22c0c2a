import { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';

/**
 * Maps spec paths (`['stages', 2, 'method']`) to YAML line/column, so every spec error can
 * point at the line to fix. When the exact node does not exist (a missing key), the nearest
 * existing ancestor is used.
 */
export class YamlLocator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  locate(path: (string | number)[], preferKey = false): { line: number; column: number } | undefined {
    let node: unknown = this.doc.contents;
    let best: { line: number; column: number } | undefined = this.pos(node);
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
        if (!pair) break;
        const keyPos = this.pos(pair.key);
        node = pair.value;
        best = preferKey && key === path[path.length - 1] ? keyPos : (this.pos(node) ?? keyPos);
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key];
        if (node === undefined) break;
        best = this.pos(node) ?? best;
      } else break;
    }
    return best;
  }

  private pos(node: unknown): { line: number; column: number } | undefined {
    const range = (node as Node | undefined)?.range;
    if (!range) return undefined;
    const { line, col } = this.lines.linePos(range[0]);
    return { line, column: col };
  }
}

/** `['stages', 2, 'method']` → `stages[2].method` */
export function formatSpecPath(path: (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

/** `stages[2].method` → `['stages', 2, 'method']` */
export function parseSpecPath(specPath: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of specPath.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}
