import { expect } from 'vitest';

/**
 * Matches the plan's message for a column not in a table, whose did-you-mean offers `meant` first
 * (the others depend on the table's other columns).
 */
export function absentColumn(column: string, table: string, meant: string): string {
  return expect.stringContaining(`column '${column}' is not in table '${table}'. Did you mean '${meant}'`) as unknown as string;
}
