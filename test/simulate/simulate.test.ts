import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StatInputError } from '../../src/stats/errors.ts';
import {
  CSV_HEADER,
  MODALITIES,
  SAMPLE_SETS,
  csvChunks,
  simulate,
  simulationTruth,
  writeSimulation,
  type Simulation,
} from '../../src/simulate/index.ts';

const root = new URL('../../', import.meta.url);
const fixture = JSON.parse(await readFile(new URL('test/fixtures/simulate/rom-small.json', root), 'utf8'));
const tmp = await mkdtemp(join(tmpdir(), 'alliance-simulate-'));
afterAll(() => rm(tmp, { recursive: true, force: true }));

function csvText(sim: Simulation): string {
  const dec = new TextDecoder();
  let s = '';
  for (const chunk of csvChunks(sim, 1 << 16)) s += dec.decode(chunk);
  return s;
}

interface Parsed {
  header: string;
  cells: string[][];
}

function parse(text: string): Parsed {
  const lines = text.split('\n');
  expect(lines.pop()).toBe('');
  return { header: lines[0], cells: lines.slice(1).map((l) => l.split(',')) };
}

/** Total prorated from the item mean when at least `min` items are present (as the R fixture script). */
function total(row: string[], from: number, k: number, min: number): number {
  let s = 0;
  let c = 0;
  for (let j = from; j < from + k; j++)
    if (row[j] !== '') {
      s += Number(row[j]);
      c++;
    }
  return c >= min ? (s / c) * k : NaN;
}

/** Per patient: mean prorated WAI-SR total and last − first prorated PHQ-9 total; and their Pearson r. */
function allianceChange(p: Parsed): { n: number; r: number; meanWai: number; meanPhq: number } {
  const byPatient = new Map<string, { wai: number[]; phq: number[] }>();
  const allWai: number[] = [];
  const allPhq: number[] = [];
  for (const row of p.cells) {
    let e = byPatient.get(row[2]);
    if (!e) byPatient.set(row[2], (e = { wai: [], phq: [] }));
    const w = total(row, 5, 12, 10);
    const y = total(row, 17, 9, 7);
    if (!Number.isNaN(w)) (e.wai.push(w), allWai.push(w));
    if (!Number.isNaN(y)) (e.phq.push(y), allPhq.push(y));
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (const { wai, phq } of byPatient.values()) {
    if (wai.length === 0 || phq.length < 2) continue;
    xs.push(mean(wai));
    ys.push(phq[phq.length - 1] - phq[0]);
  }
  return { n: xs.length, r: pearson(xs, ys), meanWai: mean(allWai), meanPhq: mean(allPhq) };
}

function mean(a: number[]): number {
  return a.reduce((s, v) => s + v, 0) / a.length;
}

function pearson(x: number[], y: number[]): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('simulate: determinism and layout', () => {
  const a = csvText(simulate({ patients: 400, seed: 11 }));

  it('gives byte-identical CSV and truth for the same seed, different CSV for another seed', () => {
    expect(csvText(simulate({ patients: 400, seed: 11 }))).toBe(a);
    expect(JSON.stringify(simulationTruth(simulate({ patients: 400, seed: 11 })))).toBe(
      JSON.stringify(simulationTruth(simulate({ patients: 400, seed: 11 }))),
    );
    expect(csvText(simulate({ patients: 400, seed: 12 }))).not.toBe(a);
  });

  it('writes the reference header and values in range, sessions 1…n per patient', () => {
    const p = parse(a);
    expect(p.header).toBe(CSV_HEADER);
    expect(p.header).toBe(
      'site,therapist,patient,modality,session,wai1,wai2,wai3,wai4,wai5,wai6,wai7,wai8,wai9,wai10,wai11,wai12,phq1,phq2,phq3,phq4,phq5,phq6,phq7,phq8,phq9',
    );
    // collect violations and assert once: one expect per cell would dominate the suite's run time
    const bad: string[] = [];
    const idOk = /^S\d{2,},T\d{4,},P\d{6,},(CBT|PDT|HUM|IPT)$/;
    let last = '';
    let expected = 1;
    for (const row of p.cells) {
      if (row.length !== 26) bad.push(`width ${row.join(',')}`);
      if (!idOk.test(row.slice(0, 4).join(','))) bad.push(`ids ${row.join(',')}`);
      if (row[2] !== last) expected = 1;
      if (Number(row[4]) !== expected++) bad.push(`session ${row.join(',')}`);
      last = row[2];
      for (let j = 5; j < 17; j++) if (!/^[1-5]?$/.test(row[j])) bad.push(`wai ${row.join(',')}`);
      for (let j = 17; j < 26; j++) if (!/^[0-3]?$/.test(row[j])) bad.push(`phq ${row.join(',')}`);
    }
    expect(bad).toEqual([]);
    expect(p.cells.length).toBeGreaterThan(4000);
  });

  it('nests patients in one therapist, therapists in one site with one modality', () => {
    const p = parse(a);
    const therapistOf = new Map<string, string>();
    const siteOf = new Map<string, string>();
    const modalityOf = new Map<string, string>();
    let conflicts = 0;
    for (const [site, therapist, patient, modality] of p.cells) {
      if ((therapistOf.get(patient) ?? therapist) !== therapist) conflicts++;
      if ((siteOf.get(therapist) ?? site) !== site) conflicts++;
      if ((modalityOf.get(therapist) ?? modality) !== modality) conflicts++;
      therapistOf.set(patient, therapist);
      siteOf.set(therapist, site);
      modalityOf.set(therapist, modality);
    }
    expect(conflicts).toBe(0);
    expect(therapistOf.size).toBe(400);
    expect(siteOf.size).toBe(20);
    expect(new Set(siteOf.values()).size).toBe(4);
  });

  it('rejects bad options with StatInputError', () => {
    expect(() => simulate({ patients: 0 })).toThrow(StatInputError);
    expect(() => simulate({ patients: 10, missing: { itemRate: 1.5 } })).toThrow(/missing\.itemRate/);
    expect(() => simulate({ patients: 10, sessions: { min: 8, max: 4 } })).toThrow(/sessions\.max/);
  });
});

describe('simulate: planted structure is recovered (3,000 patients, seed 20261122)', () => {
  const sim = simulate({ patients: 3000, seed: 20261122 });
  const p = parse(csvText(sim));
  const o = sim.options;

  it('patient-level r(mean WAI-SR total, PHQ-9 last − first) is in the planted band −.36 … −.20', () => {
    // defaults are tuned to r ≈ −.28 on 40,000 patients; SE at n = 3,000 is about .017
    const { n, r } = allianceChange(p);
    expect(n).toBeGreaterThan(2900);
    expect(r).toBeGreaterThan(-0.36);
    expect(r).toBeLessThan(-0.2);
  });

  it('missing forms and items occur near the set rates and match the counts in the truth', () => {
    let blankForms = 0;
    let waiOnly = 0;
    let waiItems = 0;
    let waiCells = 0;
    let phqItems = 0;
    let phqCells = 0;
    for (const row of p.cells) {
      const w = row.slice(5, 17).filter((v) => v === '').length;
      const y = row.slice(17).filter((v) => v === '').length;
      if (w === 12 && y === 9) blankForms++;
      else if (w === 12) waiOnly++;
      if (w < 12) (waiItems += w, (waiCells += 12));
      if (y < 9) (phqItems += y, (phqCells += 9));
    }
    const rows = p.cells.length;
    expect(rows).toBe(sim.counts.rows);
    expect(blankForms).toBe(sim.counts.missingForms);
    expect(waiOnly).toBe(sim.counts.missingWaiForms);
    expect(waiItems).toBe(sim.counts.missingWaiItems);
    expect(phqItems).toBe(sim.counts.missingPhqItems);
    // binomial SE of a 1% rate over ~800,000 cells is ~0.0001; 5% over ~39,000 forms is ~0.0011
    expect((waiItems + phqItems) / (waiCells + phqCells)).toBeCloseTo(o.missing.itemRate, 3);
    expect(Math.abs(blankForms / rows - o.missing.formRate)).toBeLessThan(0.006);
    expect(Math.abs(waiOnly / (rows - blankForms) - o.missing.waiFormRate)).toBeLessThan(0.006);
  });

  it('sessions average about 13 with dropout near the set rate', () => {
    expect(sim.counts.rows / 3000).toBeGreaterThan(12.3);
    expect(sim.counts.rows / 3000).toBeLessThan(13.7);
    let drop = 0;
    for (let i = 0; i < 3000; i++) if (sim.dropout[i] === 1) drop++;
    expect(drop).toBe(sim.counts.dropouts);
    expect(Math.abs(drop / 3000 - o.dropout.rate)).toBeLessThan(0.03);
  });

  it('lists every planted rupture and gain in the truth, and each is visible in the items', () => {
    const truth = simulationTruth(sim);
    expect(truth.ruptures).toHaveLength(sim.counts.ruptures);
    expect(truth.suddenGains).toHaveLength(sim.counts.suddenGains);
    expect(sim.counts.ruptures / 3000).toBeGreaterThan(0.18);
    expect(sim.counts.suddenGains).toBeGreaterThan(100);
    const rowOf = (patient: string, session: number) => {
      const i = sim.patientIds.indexOf(patient);
      return p.cells[sim.rowStart[i] + session - 1];
    };
    let observedDrop = 0;
    let plantedDrop = 0;
    for (const ru of truth.ruptures) {
      const before = total(rowOf(ru.patient, ru.session - 1), 5, 12, 10);
      const at = total(rowOf(ru.patient, ru.session), 5, 12, 10);
      expect(at).not.toBeNaN(); // forms around planted events are never blank
      expect(ru.repairSession === null ? !ru.repaired : ru.repaired && ru.repairSession > ru.session).toBe(true);
      observedDrop += before - at;
      plantedDrop += ru.depthWaiTotal;
    }
    // the mean observed WAI-SR total drop tracks the mean planted depth (item noise and the ceiling blur single episodes)
    expect(observedDrop / truth.ruptures.length).toBeGreaterThan(0.8 * (plantedDrop / truth.ruptures.length));
    let bigDrops = 0;
    for (const g of truth.suddenGains) {
      const drop = total(rowOf(g.patient, g.session - 1), 17, 9, 7) - total(rowOf(g.patient, g.session), 17, 9, 7);
      if (drop >= 7) bigDrops++;
    }
    expect(bigDrops / truth.suddenGains.length).toBeGreaterThan(0.75);
  });

  it('the latent series carry the planted within-patient lag and the therapist share of PHQ-9 change', () => {
    // regress PHQ latent residual at t + 1 on the detrended alliance deviation at t
    const gainFrom = new Map(sim.suddenGains.map((g) => [g.patientIndex, g]));
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < 3000; i++) {
      const g = gainFrom.get(i);
      for (let r = sim.rowStart[i]; r + 1 < sim.rowStart[i + 1]; r++) {
        const s = sim.rowSession[r];
        const d = sim.allianceLatent[r] - sim.patientAllianceLevel[i] - o.alliance.growth * Math.log(s);
        let y = sim.phqLatent[r + 1] - sim.patientPhqIntercept[i] - sim.patientPhqSlope[i] * Math.log(s + 1);
        if (g && s + 1 >= g.session) y += g.magnitude;
        sxy += d * y;
        sxx += d * d;
      }
    }
    expect(Math.abs(sxy / sxx - o.effects.withinLag)).toBeLessThan(0.1); // SE ≈ 0.025 with ~36,000 pairs
    // one-way ANOVA ICC of the latent PHQ-9 change (last − first) by therapist (150 therapists, ~20 patients each)
    const groups = new Map<number, number[]>();
    const all: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const a = sim.rowStart[i];
      const b = sim.rowStart[i + 1];
      if (b - a < 2) continue;
      const change = sim.phqLatent[b - 1] - sim.phqLatent[a];
      const t = sim.patientTherapist[i];
      groups.set(t, [...(groups.get(t) ?? []), change]);
      all.push(change);
    }
    const grand = mean(all);
    let ssb = 0;
    let ssw = 0;
    for (const g of groups.values()) {
      const m = mean(g);
      ssb += g.length * (m - grand) ** 2;
      for (const v of g) ssw += (v - m) ** 2;
    }
    const k = groups.size;
    const msb = ssb / (k - 1);
    const msw = ssw / (all.length - k);
    const n0 = (all.length - [...groups.values()].reduce((s, g) => s + g.length ** 2, 0) / all.length) / (k - 1);
    const icc = (msb - msw) / (msb + (n0 - 1) * msw);
    // planted .05; its sampling SD with 150 therapists is about .015
    expect(icc).toBeCloseTo(simulationTruth(sim).realized.latentTherapistIccPhqChange, 4); // the truth rounds to 4 decimals
    expect(icc).toBeGreaterThan(0.02);
    expect(icc).toBeLessThan(0.1);
  });
});

describe('data-samples/', () => {
  it('rom-small equals a fresh regeneration (CSV and truth, byte for byte)', async () => {
    for (const { file, options } of SAMPLE_SETS) {
      const { csvPath, truthPath } = await writeSimulation(simulate(options), join(tmp, file));
      expect(truthPath).toBe(join(tmp, file.replace(/\.csv$/, '.truth.json')));
      const shipped = new URL(`data-samples/${file}`, root);
      expect((await readFile(csvPath)).equals(await readFile(shipped))).toBe(true);
      const shippedTruth = new URL(`data-samples/${file.replace(/\.csv$/, '.truth.json')}`, root);
      expect(await readFile(truthPath, 'utf8')).toBe(await readFile(shippedTruth, 'utf8'));
    }
  });

  it('R reads rom-small.csv to the same rows, IDs, missing counts and r (Rscript test/fixtures/simulate/rom-small.R)', async () => {
    const text = await readFile(new URL('data-samples/rom-small.csv', root), 'utf8');
    const truth = JSON.parse(await readFile(new URL('data-samples/rom-small.truth.json', root), 'utf8'));
    const p = parse(text);
    expect(p.header.split(',')).toEqual(fixture.columns);
    expect(p.cells.length).toBe(fixture.rows);
    expect(truth.counts.rows).toBe(fixture.rows);
    expect(truth.counts.sites).toBe(fixture.sites);
    expect(truth.counts.therapists).toBe(fixture.therapists);
    expect(truth.counts.patients).toBe(fixture.patients);
    expect(truth.counts.missingForms).toBe(fixture.missingForms);
    expect(truth.counts.missingWaiForms).toBe(fixture.missingWaiForms);
    expect(truth.counts.missingWaiItems).toBe(fixture.missingWaiItems);
    expect(truth.counts.missingPhqItems).toBe(fixture.missingPhqItems);
    const modalities: Record<string, number> = {};
    for (const m of truth.therapists.modality as string[]) modalities[m] = (modalities[m] ?? 0) + 1;
    expect(modalities).toEqual(fixture.modalities);
    const s = allianceChange(p);
    expect(s.n).toBe(fixture.patientsInCorrelation);
    expect(s.r).toBeCloseTo(fixture.corMeanWaiChange, 12);
    expect(s.meanWai).toBeCloseTo(fixture.meanWaiTotal, 10);
    expect(s.meanPhq).toBeCloseTo(fixture.meanPhqTotal, 10);
    expect(s.r).toBeLessThan(-0.15); // the planted direction holds even in 300 patients
  });
});
