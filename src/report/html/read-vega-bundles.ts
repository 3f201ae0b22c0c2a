import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReportError } from '../report-error.ts';

export interface VegaBundle {
  name: 'vega' | 'vega-lite' | 'vega-embed';
  version: string;
  /** The minified UMD build, with its source-map comment removed (no request for a .map). */
  code: string;
}

const PACKAGES = ['vega', 'vega-lite', 'vega-embed'] as const;
let cache: VegaBundle[] | undefined;

/**
 * The browser builds of vega, vega-lite and vega-embed (their UMD `.min.js` files, located
 * through the `unpkg` field of each installed package.json), to be inlined in the report so
 * the interactive view needs no CDN. Read once per process. Throws a {@link ReportError} when a
 * package or its build is missing, or when a build contains `</script` (it could not be
 * inlined safely).
 */
export function readVegaBundles(): VegaBundle[] {
  cache ??= PACKAGES.map((name) => {
    const dir = findPackageDir(name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; unpkg?: string };
    const file = join(dir, pkg.unpkg ?? `build/${name}.min.js`);
    if (!existsSync(file)) throw new ReportError(`the browser build of ${name} is missing: ${file}`);
    const code = readFileSync(file, 'utf8').replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, '\n');
    if (/<\/script/i.test(code)) throw new ReportError(`${file} contains "</script" and cannot be inlined`);
    return { name, version: pkg.version, code };
  });
  return cache;
}

function findPackageDir(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new ReportError(`package ${name} is not installed (needed for the interactive report)`);
    dir = parent;
  }
}
