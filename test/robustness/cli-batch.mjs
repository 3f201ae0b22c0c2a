// Runs many `alliance` command lines in ONE Node process (the CLI's startup, ~1–3 s, is paid
// once): each case goes through the real entry point `main(argv)` — yargs, the command
// handlers and the error-to-exit-code mapping — with stdout/stderr captured and the exit
// code read from process.exitCode. Usage: node cli-batch.mjs cases.json results.json
import { readFileSync, writeFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../../src/cli/main.ts');
const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const results = [];
const out = process.stdout.write.bind(process.stdout);
const err = process.stderr.write.bind(process.stderr);
for (const c of cases) {
  let stdout = '';
  let stderr = '';
  process.chdir(c.cwd);
  process.stdout.write = (s) => ((stdout += String(s)), true);
  process.stderr.write = (s) => ((stderr += String(s)), true);
  process.exitCode = undefined;
  const t0 = performance.now();
  try {
    await main(c.args);
  } catch (e) {
    stderr += `UNCAUGHT ${e?.stack ?? e}`;
    process.exitCode = 99;
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  results.push({ name: c.name, status: Number(process.exitCode ?? 0), stdout, stderr, seconds: (performance.now() - t0) / 1000 });
  process.exitCode = undefined;
}
writeFileSync(process.argv[3], JSON.stringify(results));
