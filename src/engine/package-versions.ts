import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { PACKAGE_ROOT } from './package-root.ts';

const require = createRequire(import.meta.url);

/** Versions of alliance and of the packages whose behaviour shapes the results. */
export function packageVersions(): Record<string, string> {
  const read = (name: string) => {
    try {
      let dir = dirname(require.resolve(name));
      while (dir !== dirname(dir)) {
        const file = join(dir, 'package.json');
        if (existsSync(file)) {
          const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
          if (pkg.name === name) return pkg.version;
        }
        dir = dirname(dir);
      }
    } catch {
      // fall through
    }
    return 'unknown';
  };
  return {
    alliance: (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    '@duckdb/node-api': read('@duckdb/node-api'),
    vega: read('vega'),
    'vega-lite': read('vega-lite'),
    node: process.version,
  };
}
