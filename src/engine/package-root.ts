import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// alliance's package.json, read once: PACKAGE_ROOT and ALLIANCE_VERSION come from it
const ROOT_PACKAGE = findRootPackage(dirname(fileURLToPath(import.meta.url)));

/**
 * The folder that holds alliance's package.json, found by walking up from this module. The same
 * code runs from src/ (through tsx) and from the bundle the launcher builds under
 * node_modules/.cache/alliance/, so files shipped with the package (README, schema, data-samples,
 * the launcher) are located from here, never relative to `import.meta.url`.
 */
export const PACKAGE_ROOT: string = ROOT_PACKAGE.dir;

/** alliance's version, from the package.json that locates PACKAGE_ROOT (`alliance --version`, run.lock.json). */
export const ALLIANCE_VERSION: string = ROOT_PACKAGE.json.version;

/**
 * The nearest package.json named `name` in `start` or a folder above it, with its folder, or
 * undefined (also used to read installed dependencies' versions).
 */
export function packageJsonAbove(start: string, name: string): { dir: string; json: { name: string; version: string } } | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (json.name === name) return { dir, json: { ...json, name } };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function findRootPackage(start: string): NonNullable<ReturnType<typeof packageJsonAbove>> {
  const found = packageJsonAbove(start, 'alliance');
  if (!found) throw new Error(`alliance's package.json not found above ${start}`);
  return found;
}
