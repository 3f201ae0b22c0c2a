import { UsageError } from './errors-to-exit.ts';

/** `['data=x.csv', 'k=3']` → `{data: 'x.csv', k: '3'}`; a name set twice is a usage error (which value was meant?). */
export function parseParams(list: string[] | undefined): Record<string, string> {
  // no prototype, so a name like __proto__ is a key like any other (and reported as unknown)
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const item of list ?? []) {
    const i = item.indexOf('=');
    if (i <= 0) throw new UsageError(`--param expects name=value, got '${item}'`);
    const name = item.slice(0, i);
    if (name in out) throw new UsageError(`--param ${name} was given twice ('${out[name]}' and '${item.slice(i + 1)}'); give it once`);
    out[name] = item.slice(i + 1);
  }
  return out;
}
