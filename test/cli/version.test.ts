// README "Commands": `alliance --version` prints alliance's version, the one package.json declares
// and each run.lock.json records (a real CLI process).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cli, REPO } from '../helpers/temp-project.ts';

it('alliance --version prints the package version and exits 0', () => {
  const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  const r = cli(['--version']);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(`${version}\n`);
  expect(r.stderr).toBe('');
});
