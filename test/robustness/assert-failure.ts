import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';
import { tempLeftovers, type CliResult, type FailCase } from './harness.ts';

/**
 * A user error, cleanly reported: the case's exit status (1 unless stated), ONE message on
 * stderr (a single `error:` line, or the spec-problem list; `run` must report exactly one
 * problem, `validate` may list several), every expected fragment in it, no stack trace,
 * nothing on stdout, and neither an output folder nor a temporary one left behind.
 */
export function expectCleanFailure(r: CliResult | undefined, c: FailCase): void {
  expect(r, `case '${c.name}' did not run`).toBeDefined();
  const { stderr } = r!;
  expect(r!.status, stderr).toBe(c.status ?? 1);
  expect(stderr).not.toMatch(/internal error|UNCAUGHT|\n\s+at |\w*Error: /);
  expect(stderr.startsWith('error: '), stderr).toBe(true);
  // a usage error (exit 2) ends with the pointer to --help
  const lines = stderr.trimEnd().replace(/\nRun 'alliance( [a-z-]+)? --help' for usage\.$/, '').split('\n');
  if (lines.length > 1) {
    expect(lines[0]).toMatch(/^error: the pipeline spec has \d+ problems?:$/);
    expect(lines.slice(1).every((l) => l.startsWith('  '))).toBe(true);
    if (c.args?.[0] !== 'validate') expect(lines).toHaveLength(2);
  }
  for (const m of c.mentions) {
    if (typeof m === 'string') expect(stderr).toContain(m);
    else expect(stderr).toMatch(m);
  }
  expect(r!.stdout).toBe('');
  if (!c.setup) expect(readdirSync(r!.dir)).not.toContain('out');
  expect(tempLeftovers(r!.dir)).toEqual([]);
  expect(tempLeftovers(dirname(r!.dir))).toEqual([]);
}
