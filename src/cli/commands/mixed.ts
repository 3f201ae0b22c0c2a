import type { Argv } from 'yargs';
import { printJson } from '../print-json.ts';
import { alignedTable } from '../aligned-table.ts';
import { numberOption, parseAssignments, parseLevel } from '../parse-params.ts';
import { formatCount, formatLevel, formatNumber } from '../../report/format/index.ts';

export function mixedCommand(y: Argv): Argv {
  return y.command(
    'mixed <file>',
    'Linear mixed model from an lme4-style formula on a CSV file (REML by default, Satterthwaite df)',
    (a) =>
      a
        .positional('file', { type: 'string', demandOption: true })
        .option('formula', { type: 'string', demandOption: true, describe: 'e.g. "phq ~ session + (session | patient)"' })
        .option('ml', { type: 'boolean', default: false, describe: 'Maximum likelihood instead of REML' })
        .option('level', numberOption('Confidence level', 0.95))
        .option('reference', { type: 'string', array: true, describe: 'Reference level of a factor: --reference modality=TAU (default: first in sorted order)' })
        .option('json', { type: 'boolean', default: false }),
    async (argv) => {
      const { DuckDBSession, sqlIdent } = await import('../../engine/duckdb-session.ts');
      const { loadTable, refuseCodedNumbers, requireFileColumn, requireFileColumnPresent, requireFileValues } = await import('../../engine/load-table.ts');
      const { checkFormula, checkReference, fitMixedOnTable, formulaVariables } = await import('../../stages/fit-mixed-on-table.ts');
      const { mixedResultJson } = await import('../../stages/mixed-report.ts');
      const { UsageError } = await import('../errors-to-exit.ts');
      // wrong usage before the file is read, as correlate and meta say it (the fit's own refusal exited 1)
      const level = parseLevel(argv.level);
      const db = await DuckDBSession.create();
      try {
        const usage = (_p: string, msg: string): never => {
          throw new UsageError(`--formula: ${msg}`);
        };
        // a formula that does not parse is wrong usage, before any file is read
        const parsed = checkFormula(argv.formula, undefined, usage);
        const variables = formulaVariables(parsed).all;
        const shape = await loadTable(db, argv.file as string, 'data', [parsed.response]);
        await db.lock();
        // a variable the file lacks is named with the file and its columns, as every quick command names them
        for (const v of variables) requireFileColumnPresent(shape, v, '--formula');
        // a response column with a text cell is a data problem: name its file, row and value (so the
        // response is numeric after this, and checkFormula has nothing left to check against the file)
        requireFileColumn(shape, parsed.response, '--formula response');
        // a variable with no value leaves no complete row: named here, not as 'only 0 complete rows';
        // one of numbers and 'NA' codes would be taken for a factor with a level per number
        for (const v of variables) {
          refuseCodedNumbers(shape, v, '--formula');
          requireFileValues(shape, v, '--formula');
        }
        const reference = parseAssignments(argv.reference, '--reference', 'factor=level');
        checkReference(reference, parsed, shape, (_p, msg) => {
          throw new UsageError(`--reference: ${msg}`);
        });
        const { fit, dropped } = await fitMixedOnTable(db, sqlIdent('data'), shape, argv.formula, { REML: !argv.ml, level, reference, progress: process.stderr.isTTY ? (m) => process.stderr.write(`  ${m}\n`) : undefined, locate: { file: argv.file as string, at: `--formula '${argv.formula}'` } });
        // rows left out by listwise deletion are counted, as every quick command counts them
        const out = withMissing(mixedResultJson(fit, true), dropped);
        if (argv.json) printJson(out);
        else {
          const left = dropped ? `; ${formatCount(dropped, 'incomplete row')} left out` : '';
          process.stdout.write(`${fit.formula}  (${fit.REML ? 'REML' : 'ML'}; ${formatNumber(fit.nobs, 0)} obs${left}; ${Object.entries(fit.ngroups).map(([g, n]) => formatCount(n, `${g} group`)).join(', ')}; logLik ${fit.logLik.toFixed(3)}${fit.converged ? '' : '; NOT CONVERGED'}${fit.singular ? '; SINGULAR' : ''})\n`);
          process.stdout.write(fixedEffectsTable(fit.fixed, level));
          for (const r of fit.random.filter((c) => c.term1 !== null)) process.stdout.write(`  ${r.group}: ${r.term2 ? `corr(${r.term1}, ${r.term2}) = ${r.corr?.toFixed(3)}` : `var(${r.term1}) = ${coefficient(r.variance)}`}\n`);
          process.stdout.write(`  residual variance ${coefficient(fit.sigma2)}\n`);
          for (const w of fit.warnings) process.stdout.write(`  warning: ${w}\n`);
        }
      } finally {
        db.close();
      }
    },
  );
}

/**
 * The fixed effects as lmerTest's summary lists them (estimate, standard error, Satterthwaite df,
 * t, p) plus the confidence interval at `level`, one aligned row per coefficient. p is printed
 * with three significant digits, in exponent form below 1e-4 and as `<2e-16` below R's
 * double-precision epsilon, as R's format.pval does (a p that underflows is never printed as 0).
 * Without fixed effects (`y ~ 0 + (1 | g)`) it is one line saying so.
 * @example fixedEffectsTable({ x: { estimate: 0.5, se: 0.1, df: 40, t: 5, p: 1.1e-5, ciLower: 0.3, ciUpper: 0.7 } }, 0.95)
 */
export function fixedEffectsTable(fixed: Record<string, { estimate: number; se: number; df: number; t: number; p: number; ciLower: number; ciUpper: number }>, level: number): string {
  // a formula without fixed effects (y ~ 0 + (1 | g)); lme4's summary says "No fixed effect coefficients"
  if (Object.keys(fixed).length === 0) return '  Fixed effects: none (the formula has no fixed-effect term)\n';
  const head = ['estimate', 'se', 'df', 't', 'p', 'ci.lb', 'ci.ub'];
  const rows = Object.values(fixed).map((f) => [coefficient(f.estimate), coefficient(f.se), f.df.toFixed(2), f.t.toFixed(3), pValue(f.p), coefficient(f.ciLower), coefficient(f.ciUpper)]);
  return `  Fixed effects (Satterthwaite df; ${formatLevel(level)} confidence intervals):\n${alignedTable(head, Object.keys(fixed), rows)}`;
}

/**
 * An estimate, standard error, bound or variance for the text output: five decimals, or four
 * significant digits when five decimals would keep fewer than four (a predictor in large units has
 * a slope such as 1.234e-7, which five decimals printed as `-0.00000`); JSON keeps every digit.
 * @example coefficient(251.40510) // "251.40510"
 * @example coefficient(-0.000012345) // "-0.00001234" (toPrecision's rounding)
 * @example coefficient(1.2345e-9) // "1.235e-9"
 */
export function coefficient(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return x === 0 || Math.abs(x) >= 0.01 ? x.toFixed(5) : x.toPrecision(4);
}

/**
 * The quick command's JSON: the fit's keys with `missing`, the rows left out by listwise deletion,
 * after `nobs`, as correlate's `missing` counts its incomplete rows.
 */
function withMissing(out: Record<string, unknown>, missing: number): Record<string, unknown> {
  return Object.fromEntries(Object.entries(out).flatMap(([k, v]) => (k === 'nobs' ? [[k, v], ['missing', missing]] : [[k, v]])));
}

/** R's epsilon, below which format.pval prints `<2e-16`. */
const R_EPS = 2.220446049250313e-16;

function pValue(p: number): string {
  if (Number.isNaN(p)) return 'NA';
  if (p < R_EPS) return '<2e-16';
  return p < 1e-4 ? p.toExponential(2) : p.toPrecision(3);
}
