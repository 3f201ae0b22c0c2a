import { formatCount, formatLevel, formatNumber, formatR } from '../report/format/index.ts';
import type { ReportBlock } from '../report/types.ts';
import type { LmmResult } from '../stats/mixed/index.ts';
import { columnsFile, fileSlug, type OutputColumn } from './row-level-output.ts';

/** Where a stage's row-level files go: `files` of its StageOutput, names starting with `name`. */
export interface RowLevelFiles {
  name: string;
  files: Record<string, string>;
}

/** lme4-shaped JSON of a fit (the keys of `alliance mixed --json`). */
/**
 * `identifiers`: include the grouping levels' names (patient/therapist ids) with the conditional modes.
 * `out`: a stage's output files, which take the conditional modes when there are more than
 * RANEF_INLINE_LIMIT (see `ranefJson`); without it (the quick command's JSON) they are all inline.
 */
export function mixedResultJson(fit: LmmResult, identifiers = false, out?: RowLevelFiles): Record<string, unknown> {
  return {
    formula: fit.formula,
    fixed: Object.fromEntries(Object.entries(fit.fixed).map(([k, v]) => [k, { estimate: v.estimate, se: v.se, df: v.df, t: v.t, p: v.p, ciLower: v.ciLower, ciUpper: v.ciUpper }])),
    level: fit.level,
    random: fit.random,
    sigma2: fit.sigma2,
    logLik: fit.logLik,
    REML: fit.REML,
    REMLcriterion: fit.REMLcriterion,
    deviance: fit.deviance,
    AIC: fit.AIC,
    BIC: fit.BIC,
    converged: fit.converged,
    singular: fit.singular,
    nobs: fit.nobs,
    ngroups: fit.ngroups,
    icc: fit.icc,
    ranef: ranefJson(fit, identifiers, out),
    warnings: fit.warnings,
  };
}

/** Largest number of conditional modes written inline (levels × terms over all grouping factors). */
export const RANEF_INLINE_LIMIT = 20_000;

/**
 * Conditional modes of the random effects (lme4's `ranef`), per grouping factor as
 * `{group, terms, nLevels, levels?, values}` with `values[level][term]` in sorted level order; the level
 * names are patient or therapist identifiers, so they are included only with `identifiers`. With
 * `out` and more than RANEF_INLINE_LIMIT modes in all, each factor's modes go to
 * `data/<name>-ranef-<group>.csv` instead (a column per term, in the same level order, and a
 * `level` column first with `identifiers`), and the entry gives `{file, rows}` in place of
 * `values`: at 100,000 patients with random slopes they would be most of results.json.
 */
export function ranefJson(
  fit: LmmResult,
  identifiers: boolean,
  out?: RowLevelFiles,
): { group: string; terms: string[]; nLevels: number; levels?: string[]; values?: number[][]; file?: string; rows?: number }[] {
  const total = fit.ranef.reduce((a, r) => a + r.levels.length * r.terms.length, 0);
  return fit.ranef.map((r) => {
    const base = { group: r.group, terms: r.terms, nLevels: r.levels.length };
    const q = r.terms.length;
    const n = r.levels.length;
    if (out && total > RANEF_INLINE_LIMIT) {
      const columns: OutputColumn[] = r.terms.map((term, j) => {
        const col = new Float64Array(n);
        for (let i = 0; i < n; i++) col[i] = r.values[i * q + j]!;
        return { key: term, number: col };
      });
      if (identifiers) columns.unshift({ key: 'level', text: r.levels, code: Int32Array.from({ length: n }, (_, i) => i) });
      return { ...base, ...columnsFile(`${out.name}-ranef-${fileSlug(r.group)}`, n, columns, out.files) };
    }
    const values = r.levels.map((_, i) => Array.from(r.values.subarray(i * q, (i + 1) * q)));
    return identifiers ? { ...base, levels: r.levels, values } : { ...base, values };
  });
}

/** The fixed-effects table of a fit (estimate, SE, Satterthwaite df, t, p, CI) under the given caption. */
export function mixedFixedTable(id: string, caption: string, fit: LmmResult): ReportBlock {
  return {
    kind: 'table',
    id,
    caption,
    columns: [
      { key: 'term', label: 'Term' },
      { key: 'estimate', label: 'Estimate', format: 'num3' },
      { key: 'se', label: 'SE', format: 'num3' },
      { key: 'df', label: 'df', format: 'df' },
      { key: 't', label: 't', format: 'num2' },
      { key: 'p', label: 'p', format: 'p' },
      { key: 'ciLower', label: `${formatLevel(fit.level)} CI lower`, format: 'num3' },
      { key: 'ciUpper', label: `${formatLevel(fit.level)} CI upper`, format: 'num3' },
    ],
    rows: Object.entries(fit.fixed).map(([term, f]) => ({ term, estimate: f.estimate, se: f.se, df: f.df, t: f.t, p: f.p, ciLower: f.ciLower, ciUpper: f.ciUpper })),
  };
}

/**
 * Report tables for one fit: fixed effects (Satterthwaite) and variance components, with fit
 * statistics in the fixed-effects caption. A model without fixed effects (`y ~ 0 + (1 | g)`) has no
 * fixed-effects table (lme4's summary prints none either); its fit statistics go to the variance
 * components' caption.
 */
export function mixedBlocks(id: string, title: string, fit: LmmResult): ReportBlock[] {
  const status = `${fit.REML ? 'REML' : 'ML'}; ${countOf(fit.nobs, 'observation')}; ${Object.entries(fit.ngroups).map(([g, n]) => countOf(n, g)).join(', ')}; log-likelihood ${formatNumber(fit.logLik, 2)}, AIC ${formatNumber(fit.AIC, 1)}, BIC ${formatNumber(fit.BIC, 1)}; ${fit.converged ? 'converged' : 'NOT CONVERGED'}${fit.singular ? '; SINGULAR FIT (a variance component is at the boundary)' : ''}`;
  const hasFixed = fit.fixedNames.length > 0;
  const icc = fit.icc.length ? `ICC: ${fit.icc.map((i) => `${i.group} ${Number.isFinite(i.icc) ? formatR(i.icc, 3) : 'not estimable'}`).join(', ')}` : '';
  const randomNote = hasFixed ? icc : [`no fixed effects; ${status}`, icc].filter(Boolean).join('; ');
  return [
    ...(fit.warnings.length ? [{ kind: 'text' as const, text: `Warnings for ${title}: ${fit.warnings.join('; ')}.` }] : []),
    ...(hasFixed ? [mixedFixedTable(`${id}-fixed`, `${title}: fixed effects (${status}; t tests with Satterthwaite df)`, fit)] : []),
    {
      kind: 'table',
      id: `${id}-random`,
      caption: `${title}: variance components${randomNote ? ` (${randomNote})` : ''}`,
      columns: [
        { key: 'group', label: 'Group' },
        { key: 'term', label: 'Term' },
        { key: 'variance', label: 'Variance', format: 'num4' },
        { key: 'sd', label: 'SD', format: 'num4' },
        { key: 'corr', label: 'Correlation', format: 'num3' },
      ],
      // fit.random is lme4's as.data.frame(VarCorr()), whose last row is already the residual
      rows: fit.random.map((r) => ({ group: r.group, term: r.term2 ? `${r.term1} × ${r.term2}` : (r.term1 ?? ''), variance: r.term2 ? null : r.variance, sd: r.sd, corr: r.corr })),
    },
  ];
}

/**
 * How models citing LME4_CITATIONS were fitted and tested, for a methods sentence's parenthesis:
 * `REML` is the fit's own flag (LmmResult.REML), so the sentence names the criterion actually used.
 */
export function lme4Method(REML: boolean): string {
  return `${REML ? 'REML' : 'ML'}; Bates et al., 2015; fixed effects tested with Satterthwaite degrees of freedom, Kuznetsova et al., 2017`;
}

/** lme4Method for models that are always fitted by REML. */
export const LME4_METHOD = lme4Method(true);

/**
 * A grouping factor's level count for a caption: "299 patients" (formatCount); a factor whose
 * name is not a plain word (`patient:therapist`, `site_id`) is counted as groups instead:
 * "12 patient:therapist groups".
 */
function countOf(n: number, noun: string): string {
  return /^[A-Za-z]+$/.test(noun) ? formatCount(n, noun) : formatCount(n, `${noun} group`);
}

export const LME4_CITATIONS = [
  { key: 'bates2015', text: 'Bates, D., Mächler, M., Bolker, B., & Walker, S. (2015). Fitting linear mixed-effects models using lme4. Journal of Statistical Software, 67(1), 1–48. https://doi.org/10.18637/jss.v067.i01' },
  { key: 'kuznetsova2017', text: 'Kuznetsova, A., Brockhoff, P. B., & Christensen, R. H. B. (2017). lmerTest package: Tests in linear mixed effects models. Journal of Statistical Software, 82(13), 1–26. https://doi.org/10.18637/jss.v082.i13' },
];
