// Runs every shipped pipeline (pipelines/*.yaml) on data-samples/ through the real CLI and checks the
// report folder is complete (issue 2: index.html, figures, results.json, run.lock.json).
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, REPO } from '../helpers/temp-project.ts';

const pipelines = readdirSync(join(REPO, 'pipelines')).filter((f) => f.endsWith('.yaml'));
const outRoot = join(REPO, 'test/output/e2e');
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

describe('shipped pipelines run end to end on data-samples/', () => {
  it.each(pipelines)('%s', (f) => {
    const out = join(outRoot, f.replace(/\.yaml$/, ''));
    const r = cli(['run', join('pipelines', f), '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const file of ['results.json', 'run.lock.json']) expect(existsSync(join(out, file)), file).toBe(true);
    const lock = JSON.parse(readFileSync(join(out, 'run.lock.json'), 'utf8'));
    expect(lock.inputs.length).toBeGreaterThan(0);
    for (const i of lock.inputs) expect(i.sha256).toMatch(/^[0-9a-f]{64}$/);
    if (existsSync(join(out, 'index.html'))) {
      const html = readFileSync(join(out, 'index.html'), 'utf8');
      expect(html).not.toMatch(/<script[^>]+src=/);
      expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
      const figures = readdirSync(join(out, 'figures'));
      expect(figures.some((x) => x.endsWith('.svg'))).toBe(true);
      const { cited, references } = citationsOf(html);
      for (const c of cited) expect(references.some((r) => r.startsWith(`${c.surname},`) && r.includes(`(${c.year})`)), `${c.text}: no entry in References`).toBe(true);
      for (const r of references) expect(cited.some((c) => r.startsWith(`${c.surname},`) && r.includes(`(${c.year})`)), `listed but never cited: ${r.slice(0, 60)}`).toBe(true);
      expect(figures.some((x) => x.endsWith('.vl.json'))).toBe(true);
    }
  });

  it('citationsOf finds author–year citations and reference entries', () => {
    const html = `<nav>x</nav><p>Zou's (2007) intervals (Holm, 1979); as in Baldwin, Wampold and Imel (2007), BCa; Efron, 1979, 1987; Jacobson &amp; Truax, 1991; Bates et al., 2015; AIC 1813; Ediger et al. 2007</p>
<section id="references"><ul class="references"><li id="ref-a">Zou, G. Y. (2007). T.</li><li id="ref-b">Holm, S. (1979). T.</li></ul></section>`;
    const { cited, references } = citationsOf(html);
    expect(cited.map((c) => `${c.surname} ${c.year}`)).toEqual(['Zou 2007', 'Holm 1979', 'Baldwin 2007', 'Efron 1979', 'Efron 1987', 'Jacobson 1991', 'Bates 2015']);
    expect(references).toEqual(['Zou, G. Y. (2007). T.', 'Holm, S. (1979). T.']);
  });

  it('the demo report has the required figures and no leftover temporary folders', () => {
    const out = join(outRoot, 'demo');
    const figures = readdirSync(join(out, 'figures'));
    expect(figures).toContain('data-quality.svg');
    expect(figures.some((f) => /scatter/.test(f))).toBe(true);
    expect(readdirSync(outRoot).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

/**
 * The author–year citations in a report's text (from the table of contents to the reference list,
 * scripts left out) and the entries of its reference list: every citation must have an entry and
 * every entry must be cited, so a reader can trace each method to its source.
 */
function citationsOf(html: string): { cited: { surname: string; year: string; text: string }[]; references: string[] } {
  const decode = (t: string) => t.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
  const start = html.indexOf('</nav>');
  const end = html.indexOf('<section id="references"');
  const body = decode(html.slice(start, end).replace(/<script[\s\S]*?<\/script>/g, ''));
  const name = String.raw`\p{Lu}[\p{L}\-]+`;
  const re = new RegExp(String.raw`((?:${name}(?:, | & | and ))*${name})(?:'s)?(?: et al\.)?(?:'s)?(?:, | \()(\d{4}(?:, \d{4})*)\b`, 'gu');
  const cited = [...body.matchAll(re)].flatMap(([text, names, years]) => years.split(', ').map((year) => ({ surname: names.split(/, | & | and /)[0], year, text })));
  const references = [...html.slice(end).matchAll(/<li id="ref-[^"]+">([^<]+)<\/li>/g)].map((m) => decode(m[1]));
  return { cited, references };
}
