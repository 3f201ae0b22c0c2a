// Stage `reliability`: alpha, omega, the Feldt bounds and r.drop cannot exceed 1, so APA 7 (§6.36)
// prints them without a leading zero, as the project prints r (formatR, and formatCell's `r`
// columns); they were printed "0.93". Expected text from the R values of the fixture
// (psych::alpha and factanal in test/fixtures/stages-correlation/stages-correlation.R, first
// session per patient), each rounded to two decimals with its leading zero dropped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import { R, SCORED, SESSIONS_CSV } from '../fixtures/stages-correlation/fixture.ts';

/** Two decimals without the leading zero, for the R values of this fixture (all in (0, 1)). */
const apa = (v: number) => {
  expect(v > 0 && v < 1, `R value ${v} in (0, 1)`).toBe(true);
  return v.toFixed(2).replace(/^0/, '');
};
const wai = R.reliability.first.find((s: { scale: string }) => s.scale === 'wai_total');

let project: ReturnType<typeof tempProject>;
let html = '';
let caption = '';

beforeAll(async () => {
  project = tempProject({ 'sessions.csv': SESSIONS_CSV });
  await runSpecText(project.dir, `name: t\nstages:${SCORED}\n  - { id: rel, type: reliability, from: scored }\n  - { id: report, type: report }\n`);
  html = readFileSync(join(project.dir, 'out/index.html'), 'utf8');
  caption = (JSON.parse(readFileSync(join(project.dir, 'out/figures/rel-coefficients.vl.json'), 'utf8')) as { description: string }).description;
});
afterAll(() => project?.dispose());

const cells = (...v: string[]) => v.map((x) => `<td class="num">${x}</td>`).join('');

describe('reliability: coefficients without a leading zero', () => {
  it('scales table: α, its Feldt interval, standardized α and ω', () => {
    const row = `<tr><td>wai_total</td>${cells('12', String(wai.n), apa(wai.rawAlpha), apa(wai.feldtLower), apa(wai.feldtUpper), apa(wai.stdAlpha), apa(wai.omega))}</tr>`;
    expect(html.match(/<tr><td>wai_total<\/td><td class="num">12<\/td>.*?<\/tr>/)?.[0]).toBe(row);
  });

  it('alpha-if-dropped table: r.drop, α and standardized α if the item is dropped', () => {
    const row = `<tr><td>wai_total</td><td>wai1</td>${cells(apa(wai.rDrop[0]), apa(wai.dropRaw[0]), apa(wai.dropStd[0]))}</tr>`;
    expect(html.match(/<tr><td>wai_total<\/td><td>wai1<\/td>.*?<\/tr>/)?.[0]).toBe(row);
  });

  it('figure caption: α [Feldt interval], ω', () => {
    expect(caption.match(/wai_total: α = [^;]*;/)?.[0]).toBe(`wai_total: α = ${apa(wai.rawAlpha)} [${apa(wai.feldtLower)}, ${apa(wai.feldtUpper)}], ω = ${apa(wai.omega)};`);
  });
});
