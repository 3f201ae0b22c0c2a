import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { ALLIANCE_VERSION, packageJsonAbove } from './package-root.ts';

const require = createRequire(import.meta.url);

/** Versions of alliance and of the packages whose behaviour shapes the results. */
export function packageVersions(): Record<string, string> {
  const read = (name: string) => {
    try {
      return packageJsonAbove(dirname(require.resolve(name)), name)?.json.version ?? 'unknown';
    } catch {
      return 'unknown'; // not resolvable from here (e.g. an ES-module-only package)
    }
  };
  return {
    alliance: ALLIANCE_VERSION,
    '@duckdb/node-api': read('@duckdb/node-api'),
    vega: read('vega'),
    'vega-lite': read('vega-lite'),
    node: process.version,
  };
}
