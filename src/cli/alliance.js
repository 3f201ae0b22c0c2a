#!/usr/bin/env -S node --max-semi-space-size=4
// The flag caps each V8 heap's young generation at 4 MB semi-spaces (Node 20's default is 16 MB),
// in this thread and in the figure and bootstrap workers, which inherit it: the arrays the stages
// compute on live outside V8's heap, and a larger nursery only held more memory. 100,000-patient
// demo, four alternating runs each: peak RSS 597–602 → 546–565 MiB, wall 7.82–8.01 → 7.85–8.11 s,
// CPU 12.7–12.9 → 12.7–13.1 s. It applies when the launcher is run as a program (`npx alliance`,
// `./src/cli/alliance.js`); `node src/cli/alliance.js` runs without it, and `alliance bench` starts its
// runs with the flags of this line (readShebangFlags in commands/bench.ts).
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
