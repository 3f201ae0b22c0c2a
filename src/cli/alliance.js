#!/usr/bin/env node
// Launcher, kept in plain JS so `npx alliance` works straight after `npm ci` with no build step:
// it runs the CLI bundle (src/cli/bundle.js) when that is up to date with the sources, rebuilds it
// when a source has changed, and falls back to running the TypeScript sources through tsx when
// bundling is not possible (or ALLIANCE_NO_BUNDLE is set).
import { pathToFileURL } from 'node:url';

let bundle;
if (!process.env.ALLIANCE_NO_BUNDLE) {
  const { freshBundle, buildBundle } = await import('./bundle.js');
  try {
    bundle = freshBundle() ?? (await buildBundle());
  } catch {
    bundle = undefined; // e.g. a syntax error while editing: tsx reports it with the file and line
  }
}
let main;
if (bundle) {
  // read by startModuleWorker (figure and bootstrap workers): worker threads run the bundled
  // entries instead of tsx + sources
  globalThis.allianceBundle = { figureWorker: bundle['figure-worker'], bootstrapWorker: bundle['bootstrap-worker'] };
  ({ main } = await import(pathToFileURL(bundle.alliance).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
}
await main(process.argv.slice(2));
