import type { Argv } from 'yargs';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { UsageError } from '../errors-to-exit.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
};

export function openCommand(y: Argv): Argv {
  return y.command(
    'open <dir>',
    'Serve a report folder on localhost (the index.html also works without it)',
    (a) =>
      a
        .positional('dir', { type: 'string', demandOption: true })
        .option('port', { type: 'number', default: 8765 })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'Listen address (loopback by default)' }),
    async (argv) => {
      const { resolveInside } = await import('../../engine/safe-path.ts');
      const root = argv.dir as string;
      if (!existsSync(join(root, 'index.html'))) throw new UsageError(`${root} has no index.html: run a pipeline with a report stage first`);
      const server = createServer((req, res) => {
        try {
          const url = new URL(req.url ?? '/', 'http://localhost');
          const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
          const file = resolveInside(root, rel);
          if (!existsSync(file) || !statSync(file).isFile()) {
            res.writeHead(404).end('not found');
            return;
          }
          res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff' });
          res.end(readFileSync(file));
        } catch {
          res.writeHead(400).end('bad request');
        }
      });
      const port = argv.port;
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535 (got ${port})`);
      await new Promise<void>((ok, fail) => {
        server.once('error', (e: NodeJS.ErrnoException) => {
          const why = e.code === 'EADDRINUSE' ? 'the port is in use; choose another with --port' : e.code === 'EACCES' ? 'permission denied; choose a port above 1023 with --port' : (e.code ?? e.message);
          fail(new UsageError(`cannot serve on ${argv.host}:${port}: ${why}`));
        });
        server.listen(port, argv.host, () => ok());
      });
      process.stdout.write(`Serving ${root} at http://${argv.host}:${argv.port}/ (Ctrl-C to stop)\n`);
      await new Promise<void>((ok) => process.once('SIGINT', () => server.close(() => ok())));
    },
  );
}
