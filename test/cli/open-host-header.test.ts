// `alliance open` answered any Host header, so a web page that rebinds its own domain name to
// 127.0.0.1 (DNS rebinding) could read a report's clinical results: an audit's
// `curl -H 'Host: attacker.example' http://127.0.0.1:PORT/results.json` got 200. Expected: only
// requests that name the server by localhost or an IP address with the port served are answered
// (127.0.0.1:PORT, localhost:PORT, [::1]:PORT); any other Host gets 403 and no file.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, tempProject } from '../helpers/temp-project.ts';

const project = tempProject({ 'report/index.html': '<p>report</p>', 'report/results.json': '{"r":0.3}' });
let child: ChildProcess | undefined;
let port = 0;

function get(host: string, path = '/results.json'): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** Starts `alliance open` on the report folder; resolves with the child and the port it prints. */
async function serve(portArg: number): Promise<{ proc: ChildProcess; printed: number }> {
  const proc = spawn(process.execPath, [CLI, 'open', project.path('report'), '--port', String(portArg)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const printed = await new Promise<number>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`alliance open did not start: ${out} ${err}`)), 30_000);
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(Number(m[1]));
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`alliance open exited with ${code}: ${err}`));
    });
  });
  return { proc, printed };
}

async function stop(proc: ChildProcess | undefined): Promise<void> {
  if (proc && proc.exitCode === null) {
    const exited = new Promise((ok) => proc.once('exit', ok));
    proc.kill('SIGINT');
    await exited;
  }
}

beforeAll(async () => {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  port = (probe.address() as AddressInfo).port;
  await new Promise<void>((ok) => probe.close(() => ok()));
  child = (await serve(port)).proc;
}, 40_000);

afterAll(async () => {
  await stop(child);
  project.dispose();
});

describe('alliance open: Host header', () => {
  it('prints the port it serves when given --port 0 (the one the system chose)', async () => {
    const { proc, printed } = await serve(0);
    try {
      expect(printed).toBeGreaterThan(0);
    } finally {
      await stop(proc);
    }
  });

  it.each(['127.0.0.1:PORT', 'localhost:PORT', '[::1]:PORT', 'LocalHost:PORT'])('answers Host %s', async (host) => {
    expect(await get(host.replace('PORT', String(port)))).toEqual({ status: 200, body: '{"r":0.3}' });
  });

  it.each(['attacker.example:PORT', 'attacker.example', 'localhost', 'localhost:1', '127.0.0.1.attacker.example:PORT', 'user@localhost:PORT', 'localhost:PORT/x'])(
    'refuses Host %s with 403 and no file',
    async (host) => {
      const r = await get(host.replace('PORT', String(port)));
      expect(r.status).toBe(403);
      expect(r.body).not.toContain('0.3');
    },
  );
});
