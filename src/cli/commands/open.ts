import type { Argv } from 'yargs';
import { createServer } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { noReportFolder, UsageError } from '../errors-to-exit.ts';
import { numberOption, parseDecimal } from '../parse-params.ts';

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
        .option('port', numberOption('Port to serve on (0: any free port)', 8765))
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'Listen address (loopback by default)' }),
    async (argv) => {
      const { resolveInside } = await import('../../engine/safe-path.ts');
      const root = argv.dir as string;
      if (!existsSync(root)) throw noReportFolder(root);
      if (!existsSync(join(root, 'index.html'))) throw new UsageError(`${root} has no index.html: run a pipeline with a report stage first`);
      const server = createServer((req, res) => {
        if (!allowedHost(req.headers.host, (server.address() as AddressInfo).port, argv.host)) {
          res.writeHead(403).end('forbidden: open the report at http://127.0.0.1 or http://localhost');
          return;
        }
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
      // plain decimals only: yargs's number type read --port 0x50 as 80 (parseDecimal)
      const port = parseDecimal(argv.port, '--port');
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535 (got ${port})`);
      await new Promise<void>((ok, fail) => {
        server.once('error', (e: NodeJS.ErrnoException) => {
          const why = e.code === 'EADDRINUSE' ? 'the port is in use; choose another with --port' : e.code === 'EACCES' ? 'permission denied; choose a port above 1023 with --port' : (e.code ?? e.message);
          fail(new UsageError(`cannot serve on ${argv.host}:${port}: ${why}`));
        });
        server.listen(port, argv.host, () => ok());
      });
      process.stdout.write(`Serving ${root} at http://${hostInUrl(argv.host)}:${(server.address() as AddressInfo).port}/ (Ctrl-C to stop)\n`);
      await new Promise<void>((ok) => process.once('SIGINT', () => server.close(() => ok())));
    },
  );
}

function hostInUrl(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

/**
 * Whether a request's Host header names this server: localhost, an IP address (such as 127.0.0.1
 * or [::1]) or the --host name, with the port served. A web page that rebinds its own domain name
 * to 127.0.0.1 (DNS rebinding) sends that domain name, so it cannot read the report's results.
 */
function allowedHost(header: string | undefined, port: number, listen: string): boolean {
  if (!header) return false;
  let url: URL;
  try {
    url = new URL(`http://${header}`);
  } catch {
    return false;
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return false;
  if (Number(url.port || 80) !== port) return false;
  const name = url.hostname;
  return name === 'localhost' || isIP(name.replace(/^\[|\]$/g, '')) !== 0 || name === hostInUrl(listen).toLowerCase();
}
