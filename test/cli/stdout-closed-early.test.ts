// `alliance schema | head -c 10` (or a large `--json` piped into a program that stops reading)
// ended with an unhandled EPIPE error and its stack trace, exit 1. Reference: the README promise
// that only an internal error (exit 70) prints a stack trace; a reader closing the pipe is a normal
// end of output (exit 0, nothing on stderr), as for other Unix tools.
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { CLI } from '../helpers/temp-project.ts';

it('a reader that closes stdout early ends the command quietly', async () => {
  const child = spawn(process.execPath, [CLI, 'schema'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.destroy(); // closed before the command writes anything
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  expect(stderr).toBe('');
  expect(status).toBe(0);
}, 60_000);
