/**
 * A coefficient table for a quick command's text output, laid out as R prints one: a header row,
 * then one row per name, the names left-aligned and every cell right-aligned to its column's
 * widest entry, two spaces between columns, each line indented by two.
 * @example alignedTable(['est', 'p'], ['x'], [['0.5', '0.01']]) // "     est     p\n  x  0.5  0.01\n"
 */
export function alignedTable(head: readonly string[], names: readonly string[], rows: readonly (readonly string[])[]): string {
  const first = Math.max(...names.map((n) => n.length));
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const line = (name: string, cells: readonly string[]) => `  ${name.padEnd(first)}  ${cells.map((c, j) => c.padStart(widths[j]!)).join('  ')}\n`;
  return line('', head) + rows.map((r, i) => line(names[i]!, r)).join('');
}
