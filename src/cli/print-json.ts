import { toJson } from '../engine/to-json.ts';

/** Prints one JSON object on stdout (non-finite numbers as null, typed arrays as arrays). */
export function printJson(value: unknown): void {
  process.stdout.write(toJson(value));
}
