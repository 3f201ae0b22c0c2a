import { open, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { csvChunks } from './csv-chunks.ts';
import { simulationTruth } from './simulation-truth.ts';
import type { Simulation } from './types.ts';

/**
 * Writes a simulation as a CSV in the reference layout and its ground truth as
 * `<name>.truth.json` beside it (`<name>` is the CSV file name without its extension).
 * The CSV is streamed in 4 MB chunks; both files are byte-identical for the same seed and options.
 * @example await writeSimulation(simulate({ patients: 300, seed: 1 }), 'out/sim.csv')
 * // { csvPath: 'out/sim.csv', truthPath: 'out/sim.truth.json' }
 */
export async function writeSimulation(sim: Simulation, csvPath: string): Promise<{ csvPath: string; truthPath: string }> {
  const truthPath = join(dirname(csvPath), `${basename(csvPath, extname(csvPath))}.truth.json`);
  const file = await open(csvPath, 'w');
  try {
    for (const chunk of csvChunks(sim)) await file.write(chunk);
  } finally {
    await file.close();
  }
  await writeFile(truthPath, formatJson(simulationTruth(sim), '') + '\n');
  return { csvPath, truthPath };
}

/** JSON with objects indented, and arrays of scalars and objects of scalars kept on one line. */
function formatJson(value: unknown, indent: string): string {
  if (isPrimitive(value)) return scalarJson(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.every(isPrimitive)) return `[${value.map(scalarJson).join(', ')}]`;
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 0 && entries.every(([, v]) => isScalar(v)))
    return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(', ')} }`;
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
}

function isScalar(v: unknown): boolean {
  return isPrimitive(v) || (Array.isArray(v) && v.every(isPrimitive));
}

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

/** JSON of a scalar; numbers take the fast path (String gives the same text as JSON for finite numbers). */
function scalarJson(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  return JSON.stringify(v) ?? 'null';
}
