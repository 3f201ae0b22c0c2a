import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** Worker entry points of the CLI bundle, by the name under which the launcher publishes their paths. */
export type BundledWorker = 'figureWorker' | 'bootstrapWorker';

export interface ModuleWorkerOptions {
  /** Handed to the worker as `workerData.data` (structured clone; shared memory stays shared). */
  data?: unknown;
  resourceLimits?: ResourceLimits;
}

// The worker runs the bundled entry when the CLI runs from its bundle (src/cli/bundle.js; the
// launcher publishes the entries' paths as globalThis.allianceBundle), else it loads the
// TypeScript source through tsx, as the CLI does (workers do not inherit the loader the parent
// registered).
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(workerData.tsx ? import(workerData.tsx).then((m) => { (m.register ?? m.default.register)(); }) : Promise.resolve())
  .then(() => import(workerData.entry))
  .catch((e) => { setImmediate(() => { throw e; }); });
`;

/**
 * Starts a worker thread that runs the module `source` (a TypeScript file under src/), or its
 * bundled build `bundled` when the CLI runs from the bundle. Its stdout and stderr go to the
 * parent's. The module reads `workerData.data`. Under tsx a worker costs about 0.3 s of CPU to
 * start (the loader, then the sources it imports); bundled, only the entry's own imports.
 * A module that fails to load makes the worker emit 'error' and exit.
 * @example const w = startModuleWorker(new URL('./bootstrap-worker.ts', import.meta.url), 'bootstrapWorker', { data: job });
 */
export function startModuleWorker(source: URL, bundled: BundledWorker, options: ModuleWorkerOptions = {}): Worker {
  const path = (globalThis as { allianceBundle?: Partial<Record<BundledWorker, string>> }).allianceBundle?.[bundled];
  const boot = path ? { entry: pathToFileURL(path).href } : { tsx: tsxApiUrl(), entry: source.href };
  return new Worker(BOOTSTRAP, { eval: true, workerData: { ...boot, data: options.data }, stdout: false, stderr: false, resourceLimits: options.resourceLimits });
}

/** The URL of tsx's ESM register API (`tsx/esm/api`, import condition), found through tsx's package.json exports. */
function tsxApiUrl(): string {
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import?: { default?: string } }> };
  const rel = pkg.exports['./esm/api']?.import?.default;
  if (rel === undefined) throw new Error('tsx/esm/api (import) is not exported by the installed tsx');
  return pathToFileURL(join(dirname(pkgFile), rel)).href;
}
