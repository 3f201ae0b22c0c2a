// runPipeline renders the report's figures either on a worker while later stages run (after
// `prerenderAfterSeconds` of stage time) or at the end on this thread. Both must write the same
// bytes: every file of the output folder is compared, except run.lock.json and the stage-timing
// rows of index.html's appendix (wall-clock times).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine/run-pipeline.ts';
import { parseSpecText } from '../../src/spec/load-spec.ts';
import { REPO } from '../helpers/temp-project.ts';

const OUT = resolve(REPO, 'test/output/prerender');

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** index.html with the numbers of the appendix's timings table (wall-clock seconds) blanked. */
function withoutTimings(html: string): string {
  const start = html.indexOf('id="appendix-timings-table"');
  expect(start).toBeGreaterThan(0);
  const end = html.indexOf('</table>', start);
  return html.slice(0, start) + html.slice(start, end).replace(/<td class="num">\d+\.\d+<\/td>/g, '<td class="num">·</td>') + html.slice(end);
}

describe('figures rendered during the stages', () => {
  it('write the same output folder as figures rendered at the end', async () => {
    const spec = parseSpecText(readFileSync(join(REPO, 'pipelines/demo.yaml'), 'utf8'), join(REPO, 'pipelines/demo.yaml'));
    const outs: Map<string, Buffer>[] = [];
    for (const [name, after] of [['during', 0], ['end', Infinity]] as const) {
      const out = join(OUT, name);
      rmSync(out, { recursive: true, force: true });
      await runPipeline(spec, { outDir: out, quiet: true, prerenderAfterSeconds: after });
      outs.push(files(out));
    }
    const [during, end] = outs;
    expect([...during.keys()].sort()).toEqual([...end.keys()].sort());
    expect([...during.keys()].filter((f) => f.startsWith('figures/') && f.endsWith('.png')).length).toBeGreaterThan(10);
    for (const [file, bytes] of during) {
      if (file === 'run.lock.json') continue;
      if (file === 'index.html') expect(withoutTimings(bytes.toString('utf8'))).toBe(withoutTimings(end.get(file)!.toString('utf8')));
      else expect(bytes.equals(end.get(file)!), file).toBe(true);
    }
  }, 240_000);
});
