import { readFileSync } from 'node:fs';
import type { MixedData } from '../../../src/stats/mixed/index.ts';

export interface FixtureFit {
  name: string;
  data: string;
  formula: string;
  REML: boolean;
  fixed: Record<string, { estimate: number; se: number; df: number; t: number; p: number; ciLower: number; ciUpper: number }>;
  vcovBeta: number[][];
  random: { group: string; term1: string | null; term2: string | null; vcov: number; sdcor: number }[];
  sigma2: number;
  logLik: number;
  REMLcriterion: number;
  AIC: number;
  BIC: number;
  nobs: number;
  ngroups: Record<string, number>;
  theta: number[] | number;
  singular: boolean;
  ranef: Record<string, { levels: string[]; terms: string[]; values: number[][] }>;
  fitted: number[];
  population: number[];
  /** 1-based row numbers of the data set used after listwise deletion (rownames(model.frame(fit))). */
  rows: number[];
}

interface Fixture {
  data: Record<string, Record<string, (number | string | null)[]>>;
  factorLevels: Record<string, Record<string, string[]>>;
  fits: FixtureFit[];
  contrasts: {
    fit: string;
    rows: { L: number[]; estimate: number; se: number; df: number; t: number; p: number; ciLower: number; ciUpper: number }[];
    ftests: { L: number[][]; sumSq: number; meanSq: number; numDF: number; denDF: number; F: number; p: number }[];
  };
}

/** test/fixtures/mixed/lme4.json, written by test/fixtures/mixed/lme4.R (lme4 1.1-31, lmerTest). */
export const fixture: Fixture = JSON.parse(readFileSync(new URL('../../fixtures/mixed/lme4.json', import.meta.url), 'utf8'));

/** Columns of a fixture data set: factors coded against the R levels, NA as NaN / code −1. */
export function fixtureData(name: string): MixedData {
  const cols = fixture.data[name];
  const levels = fixture.factorLevels[name];
  const data: Required<MixedData> = { numeric: {}, factor: {} };
  for (const [k, v] of Object.entries(cols)) {
    if (levels[k]) {
      const lv = levels[k];
      data.factor[k] = { codes: Int32Array.from(v, (s) => (s === null ? -1 : lv.indexOf(s as string))), levels: lv };
    } else data.numeric[k] = Float64Array.from(v, (x) => (x === null ? NaN : (x as number)));
  }
  return data;
}
