import type { Argv } from 'yargs';
import { DataError } from '../../engine/errors.ts';
import { StatInputError } from '../../stats/errors.ts';
import { UsageError } from '../errors-to-exit.ts';
import { printJson } from '../print-json.ts';
import { formatCi, formatCount, formatLevel, formatNumber } from '../../report/format/index.ts';
import { numberOption, parseColumnList, parseDecimal, parseLevel } from '../parse-params.ts';

export function correlateCommand(y: Argv): Argv {
  return y.command(
    'correlate <file>',
    'Correlation of two columns of a CSV file (Pearson, Spearman, Kendall; partial with --covariates)',
    (a) =>
      a
        .positional('file', { type: 'string', demandOption: true })
        .option('x', { type: 'string', demandOption: true, describe: 'First column' })
        .option('y', { type: 'string', demandOption: true, describe: 'Second column' })
        .option('covariates', { type: 'string', describe: 'Comma-separated columns to partial out' })
        .option('method', { choices: ['pearson', 'spearman', 'kendall'] as const, default: 'pearson' as const })
        .option('level', numberOption('Confidence level', 0.95))
        .option('exact', { type: 'boolean', describe: "Spearman and Kendall p values as cor.test's exact. Unset: R's default (exact for untied data: Kendall n < 50, Spearman n ≤ 1290); --exact: Kendall exact for untied data up to n = 1000; --no-exact: the t or normal approximation" })
        .option('bootstrap', numberOption('Bootstrap replicates: adds percentile and BCa intervals (not with --covariates)'))
        .option('seed', { ...numberOption('Seed of the bootstrap, with --bootstrap (a pipeline uses its own seed)'), defaultDescription: '1' })
        .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object' }),
    async (argv) => {
      const { DuckDBSession } = await import('../../engine/duckdb-session.ts');
      const { loadTable, requireFileColumn, requireFileValues } = await import('../../engine/load-table.ts');
      const { bootstrapCaveats, computeCorrelations, pairColumnProblems } = await import('../../stages/correlate.ts');
      const level = parseLevel(argv.level);
      const covariates = parseColumnList(argv.covariates, '--covariates');
      if (covariates.length && argv.method === 'kendall') throw new UsageError('--covariates works with --method pearson or spearman');
      // --exact chooses how Spearman's and Kendall's p values are computed; Pearson's and a partial
      // correlation's come from the t test whatever it says, so beside them it was ignored (the
      // stage refuses exact beside method pearson the same way)
      const exact = argv.exact === undefined ? undefined : argv.exact ? '--exact' : '--no-exact';
      if (exact && argv.method === 'pearson') throw new UsageError(`${exact} is only used with --method spearman or kendall, and --method pearson (the default) takes its p values from the t test; add --method spearman or kendall, or drop ${exact}`);
      if (exact && covariates.length) throw new UsageError(`${exact} is not used with --covariates: a partial correlation takes its p value from the t test; drop ${exact} or --covariates`);
      const chosen = pairColumnProblems({ x: argv.x, y: argv.y, covariates })[0];
      if (chosen) throw new UsageError(`${chosen.at === 'y' ? `--y ${argv.y}` : `--covariates ${argv.covariates}`}: ${chosen.message}`);
      // plain decimals only: yargs's number type read --bootstrap 0x10 as 16 (parseDecimal)
      const reps = parseDecimal(argv.bootstrap, '--bootstrap');
      if (reps !== undefined && !(Number.isInteger(reps) && reps >= 10 && reps <= 1_000_000)) throw new UsageError('--bootstrap must be a whole number of replicates from 10 to 1,000,000, e.g. 2000');
      if (reps !== undefined && covariates.length) throw new UsageError('--bootstrap is not available with --covariates (partial correlations)');
      const seed = parseDecimal(argv.seed, '--seed');
      // only the bootstrap draws: without --bootstrap the seed was ignored
      if (seed !== undefined && reps === undefined) throw new UsageError('--seed is the seed of the bootstrap and is only used with --bootstrap; add --bootstrap or drop --seed');
      if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError('--seed must be a whole number');
      const db = await DuckDBSession.create();
      try {
        const columns: [string, string][] = [['--x', argv.x], ['--y', argv.y], ...covariates.map((c): [string, string] => ['--covariates', c])];
        const shape = await loadTable(db, argv.file as string, 'data', columns.map(([, c]) => c));
        await db.lock();
        for (const [flag, c] of columns) requireFileColumn(shape, c, flag);
        for (const [flag, c] of columns) requireFileValues(shape, c, flag);
        // too few complete rows (or a constant column): the kernel's message, located in the file and its columns
        const { rows } = await computeCorrelations(db, 'data', { from: 'data', pairs: [{ x: argv.x, y: argv.y, covariates }], method: argv.method, level, exact: argv.exact, adjust: 'none', ...(reps !== undefined ? { bootstrap: { reps } } : {}) }, { seed: seed ?? 1 }).catch((e: unknown) => {
          throw e instanceof StatInputError ? new DataError(`${columns.map(([flag, c]) => `${flag} ${c}`).join(', ')}: ${e.message}`, shape.file) : e;
        });
        const r = rows[0];
        const out = {
          n: r.n,
          r: r.r,
          ciLower: r.ciLower,
          ciUpper: r.ciUpper,
          t: r.t,
          z: r.z,
          df: r.df,
          p: r.p,
          pMethod: r.pMethod,
          method: r.method,
          level: r.level,
          missing: r.missingPairs,
          ...(covariates.length ? { covariates } : {}),
          ...(r.bootstrap ? { bootstrap: r.bootstrap } : {}),
          apa: r.apa,
        };
        const b = r.bootstrap;
        const caveats = b ? bootstrapCaveats(b) : '';
        if (argv.json) printJson(out);
        else process.stdout.write(`${r.method}${covariates.length ? ` (partial | ${covariates.join(', ')})` : ''}: ${r.apa}${r.df === null ? '' : `; n = ${formatNumber(r.n, 0)}`}${r.missingPairs ? ` (${formatCount(r.missingPairs, 'incomplete row')} left out)` : ''}${b ? `; bootstrap ${formatLevel(r.level)} CI (${b.reps} replicates, seed ${b.seed}) percentile ${formatCi([b.percentileLower, b.percentileUpper])}, BCa ${formatCi([b.bcaLower, b.bcaUpper])}${caveats ? `.${caveats}` : ''}` : ''}\n`);
      } finally {
        db.close();
      }
    },
  );
}
