import { UsageError } from './errors-to-exit.ts';

/** `['data=x.csv', 'k=3']` → `{data: 'x.csv', k: '3'}` */
export function parseParams(list: string[] | undefined): Record<string, string> {
  // no prototype, so a name like __proto__ is a key like any other (and reported as unknown)
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const item of list ?? []) {
    const i = item.indexOf('=');
    if (i <= 0) throw new UsageError(`--param expects name=value, got '${item}'`);
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}
