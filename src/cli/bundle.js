// The CLI bundle: src/ and its pure-JavaScript dependencies compiled by esbuild into ES modules
// (one per entry point, plus shared chunks loaded on demand) under node_modules/.cache/alliance/, so that a command does not pay for the TypeScript loader and
// for resolving a few thousand module files on every start (about 1.5 s of CPU per command).
// Plain JavaScript, like the launcher, so it runs before anything is compiled.
//
// `node src/cli/bundle.js` builds it (package.json's `prepare`, run by `npm ci`); the launcher
// uses it only while it is fresh, i.e. no file it was built from has changed since, and rebuilds
// it otherwise. ALLIANCE_NO_BUNDLE=1 runs the sources through tsx instead.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'alliance');
const MANIFEST = join(CACHE, 'manifest.json');
/** Bundle entry points: output name → source. Each is written as <name>.mjs in CACHE. */
const ENTRIES = { alliance: 'src/cli/main.ts', 'figure-worker': 'src/report/chart/figure-worker.ts', 'bootstrap-worker': 'src/engine/bootstrap-worker.ts' };
/** Path of every entry point's bundled module, by name. */
const ENTRY_FILES = Object.fromEntries(Object.keys(ENTRIES).map((name) => [name, join(CACHE, `${name}.mjs`)]));
/** Native add-ons and tools that stay ordinary imports from node_modules. */
const EXTERNAL = ['@duckdb/node-api', '@resvg/resvg-js', 'playwright-core', 'tsx', 'tsx/*', 'esbuild', 'vitest', 'fast-check'];
/** npm rewrites this file on every install, so a changed dependency tree makes the bundle stale. */
const INSTALL_MARKER = join(ROOT, 'node_modules', '.package-lock.json');

/**
 * Paths of the bundled entry points (the CLI and its worker threads) when they are newer than
 * every file they were built from, else undefined.
 */
export function freshBundle() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  } catch {
    return undefined;
  }
  if (manifest.node !== process.versions.modules) return undefined;
  if (!Object.values(ENTRY_FILES).every((f) => existsSync(f))) return undefined;
  for (const p of [...manifest.inputs.map((i) => join(ROOT, i)), INSTALL_MARKER]) {
    try {
      if (statSync(p).mtimeMs > manifest.builtAt) return undefined;
    } catch {
      return undefined; // a source file was removed or renamed
    }
  }
  return ENTRY_FILES;
}

/**
 * Builds the bundle and returns the paths of its entry points (as `freshBundle`). Concurrent
 * builds (parallel test processes) are safe: every file is written under a unique temporary name
 * and renamed into place, the manifest last, and two builds from the same sources produce the
 * same code.
 */
export async function buildBundle() {
  const esbuild = await import('esbuild');
  const builtAt = Date.now() - 1000; // a file saved during the build is newer, so the next start rebuilds
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    // CommonJS dependencies inside an ES module bundle call require(): give them one
    banner: { js: "import { createRequire as __allianceRequire } from 'node:module'; const require = __allianceRequire(import.meta.url);" },
    write: false,
    metafile: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'silent',
    legalComments: 'none',
    outdir: CACHE,
    entryNames: '[name]',
    outExtension: { '.js': '.mjs' },
  });
  mkdirSync(CACHE, { recursive: true });
  const tag = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  for (const out of result.outputFiles) {
    const tmp = `${out.path}.${tag}.tmp`;
    mkdirSync(dirname(out.path), { recursive: true });
    writeFileSync(tmp, out.contents);
    renameSync(tmp, out.path);
  }
  // chunks of earlier builds: removed once they are an hour old (a command started before this
  // build may still load them)
  const current = new Set(result.outputFiles.map((o) => o.path));
  for (const name of readdirSync(join(CACHE, 'chunks'), { withFileTypes: true })) {
    const p = join(CACHE, 'chunks', name.name);
    try {
      if (!current.has(p) && statSync(p).mtimeMs < Date.now() - 3600_000) rmSync(p);
    } catch {
      // removed by a concurrent build
    }
  }
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/')).sort();
  const tmp = `${MANIFEST}.${tag}.tmp`;
  writeFileSync(tmp, JSON.stringify({ builtAt, node: process.versions.modules, inputs }, null, 1));
  renameSync(tmp, MANIFEST);
  return ENTRY_FILES;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // `prepare`: a failed build must not fail `npm ci`; the launcher then runs the sources through tsx
  try {
    const t0 = performance.now();
    const { alliance } = await buildBundle();
    process.stdout.write(`alliance: CLI bundled into ${relative(ROOT, alliance)} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  } catch (e) {
    process.stderr.write(`alliance: could not bundle the CLI (${e.message.split('\n')[0]}); commands will run through tsx, which starts slower\n`);
  }
}
