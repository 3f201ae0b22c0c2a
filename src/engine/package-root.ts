import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder that holds alliance's package.json, found by walking up from this module. The same
 * code runs from src/ (through tsx) and from the bundle the launcher builds under
 * node_modules/.cache/alliance/, so files shipped with the package (README, schema, data-samples,
 * the launcher) are located from here, never relative to `import.meta.url`.
 */
export const PACKAGE_ROOT: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'alliance') return dir;
    if (dirname(dir) === dir) throw new Error(`alliance's package.json not found above ${start}`);
  }
}
