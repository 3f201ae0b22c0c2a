import type { Argv } from 'yargs';
import { UsageError } from '../errors-to-exit.ts';
import { numberOption, parseDecimal } from '../parse-params.ts';
import { printJson } from '../print-json.ts';

export function compareCorrelationsCommand(y: Argv): Argv {
  return y.command(
    'compare-correlations',
    'Compare two independent correlations: Fisher z test and Zou (2007) interval for r1 − r2 (optionally TOST equivalence)',
    (a) =>
      a
        .option('r1', { ...numberOption('First correlation'), demandOption: true })
        .option('n1', { ...numberOption('Its sample size'), demandOption: true })
        .option('r2', { ...numberOption('Second correlation, from an independent sample'), demandOption: true })
        .option('n2', { ...numberOption('Its sample size'), demandOption: true })
        .option('level', numberOption('Confidence level of the Zou interval', 0.95))
        .option('margin', numberOption('Equivalence margin Δ on the Fisher-z scale: adds a TOST of |z1 − z2| < Δ'))
        .option('alpha', numberOption('Alpha of each one-sided test in the TOST of --margin (default 0.05)'))
        .option('json', { type: 'boolean', default: false }),
    async (argv) => {
      const { compareIndependentCorrelations, tostCorrelationDifference } = await import('../../stats/compare/index.ts');
      const { apaP, apaZ, formatCi, formatLevel, formatNumber } = await import('../../report/format/index.ts');
      // plain decimals only: yargs's number type read --n1 0x10 as 16 (parseDecimal)
      const [r1, n1, r2, n2] = (['r1', 'n1', 'r2', 'n2'] as const).map((k) => parseDecimal(argv[k], `--${k}`)) as [number, number, number, number];
      const level = parseDecimal(argv.level, '--level');
      const margin = parseDecimal(argv.margin, '--margin');
      if (!(level > 0 && level < 1)) throw new UsageError('--level must be between 0 and 1');
      for (const [k, v] of [['r1', r1], ['r2', r2]] as const) if (!(v > -1 && v < 1)) throw new UsageError(`--${k} must be a correlation strictly between −1 and 1`);
      for (const [k, v] of [['n1', n1], ['n2', n2]] as const) if (!(Number.isInteger(v) && v > 3)) throw new UsageError(`--${k} must be a whole number greater than 3`);
      // alpha is the equivalence test's alone (the Zou interval has --level): without --margin it was ignored
      if (argv.alpha !== undefined && margin === undefined) throw new UsageError('--alpha is only used by the equivalence test (TOST) of --margin; add --margin or drop --alpha');
      const alpha = parseDecimal(argv.alpha, '--alpha') ?? 0.05;
      const c = compareIndependentCorrelations(r1, n1, r2, n2, level);
      const out: Record<string, unknown> = { ...c };
      if (margin !== undefined) {
        if (!(margin > 0)) throw new UsageError('--margin must be positive');
        if (!(alpha > 0 && alpha < 0.5)) throw new UsageError('--alpha must be between 0 and 0.5, e.g. 0.05');
        const t = tostCorrelationDifference(r1, n1, r2, n2, margin, { alpha, marginScale: 'z' });
        out.equivalence = { margin, scale: 'z', zLower: t.zLower, zUpper: t.zUpper, pLower: t.pLower, pUpper: t.pUpper, pTost: t.pTost, ciLower: t.ciLowerZ, ciUpper: t.ciUpperZ, decision: t.decision };
      }
      if (argv.json) printJson(out);
      else {
        // APA style as the other quick commands (U+2212 minus, "p < .001"); a difference of
        // correlations can pass 1, so it keeps its leading zero
        process.stdout.write(`r1 − r2 = ${formatNumber(c.diff, 2)}, ${formatLevel(c.level)} CI ${formatCi([c.ciLower, c.ciUpper], 2)} (Zou, 2007); ${apaZ(c)}\n`);
        if (out.equivalence) process.stdout.write(`equivalence (TOST, |Δz| < ${margin}, α = ${alpha} per one-sided test): ${(out.equivalence as { decision: string }).decision}, ${apaP((out.equivalence as { pTost: number }).pTost)}\n`);
      }
    },
  );
}
