import type { Argv } from 'yargs';
import { DataError } from '../../engine/errors.ts';
import { StatInputError } from '../../stats/errors.ts';
import { UsageError } from '../errors-to-exit.ts';
import { alignedTable } from '../aligned-table.ts';
import { printJson } from '../print-json.ts';
import { numberOption, parseColumnList, parseLevel } from '../parse-params.ts';
import type { MetaAnalysis } from '../../stages/meta.ts';

export function metaCommand(y: Argv): Argv {
  return y.command(
    'meta <file>',
    'Meta-analysis of a study-level CSV: r + n (Fisher z) or yi + vi/sei; all τ² estimators, z/t/Knapp–Hartung, moderators, three-level; Egger and trim-and-fill',
    (a) =>
      a
        .positional('file', { type: 'string', demandOption: true })
        .option('r', { type: 'string', describe: 'Correlation column (with --n)' })
        .option('n', { type: 'string', describe: 'Sample-size column (with --r)' })
        .option('measure', { choices: ['ZCOR', 'COR'] as const, describe: "Pool correlations as Fisher's z (ZCOR, default) or raw r (COR)" })
        .option('yi', { type: 'string', describe: 'Effect-size column (with --vi or --sei)' })
        .option('vi', { type: 'string', describe: 'Sampling-variance column' })
        .option('sei', { type: 'string', describe: 'Standard-error column' })
        .option('study', { type: 'string', describe: 'Study label column (default: study, if present)' })
        .option('method', { choices: ['FE', 'EE', 'DL', 'HE', 'HS', 'SJ', 'ML', 'REML', 'EB', 'PM'] as const, default: 'REML' as const, describe: 'Equal effects or τ² estimator' })
        .option('test', { choices: ['z', 't', 'knha'] as const, default: 'z' as const, describe: 'Normal, t or Knapp–Hartung inference' })
        .option('mods', { type: 'string', describe: 'Comma-separated moderator columns (text columns become treatment contrasts)' })
        .option('three-level', { type: 'string', describe: 'Study column for a three-level model (several effects per study)' })
        .option('level', numberOption('Confidence level', 0.95))
        .option('on-invalid', { choices: ['error', 'exclude'] as const, default: 'error' as const, describe: 'Studies with impossible values (|r| ≥ 1, n < 4 for ZCOR or < 2 for COR, vi or sei ≤ 0): stop with an error naming them, or leave them out' })
        .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object' }),
    async (argv) => {
      const level = parseLevel(argv.level);
      const cor = argv.r !== undefined || argv.n !== undefined;
      if (cor && (!argv.r || !argv.n)) throw new UsageError('correlations need both --r and --n');
      if (cor && (argv.yi || argv.vi || argv.sei)) throw new UsageError('give either --r and --n, or --yi with --vi or --sei');
      if (!cor && !argv.yi) throw new UsageError(`name the effect sizes: --r COL --n COL, or --yi COL with --vi COL or --sei COL${await effectColumnsHint(argv.file as string)}`);
      if (!cor && !argv.vi === !argv.sei) throw new UsageError('--yi needs exactly one of --vi or --sei');
      if (argv.measure && !cor) throw new UsageError('--measure applies to --r/--n input');
      const mods = parseColumnList(argv.mods, '--mods');
      const { metaOnFile, metaQuickJson, metaApa, checkMetaOptions, metaFlag } = await import('../../stages/meta.ts');
      const options = {
        r: argv.r, n: argv.n, measure: argv.measure, yi: argv.yi, vi: argv.vi, sei: argv.sei, study: argv.study,
        method: argv.method, test: argv.test, level, mods: mods.length ? mods : undefined,
        threeLevel: argv['three-level'] ? { study: argv['three-level'] } : undefined, onInvalid: argv['on-invalid'],
      };
      // a refused combination of flags (--three-level with --test knha) is wrong usage, found before the file is read
      checkMetaOptions({ from: 'studies', ...options }, () => {}, (p, message) => {
        throw new UsageError(`${metaFlag(p)}: ${message}`);
      });
      const a = await metaOnFile(argv.file as string, options).catch((e: unknown) => {
        // no study left, impossible values, too few studies: the message located in the file and its columns
        const columns = (['r', 'n', 'yi', 'vi', 'sei', 'mods'] as const).filter((k) => argv[k]).map((k) => `--${k} ${argv[k]}`);
        throw e instanceof StatInputError ? new DataError(`${columns.join(', ')}: ${e.message}`, argv.file as string) : e;
      });
      if (argv.json) printJson(metaQuickJson(a));
      else process.stdout.write(`${metaApa(a)}${a.excluded.length ? ` (${a.excluded.length} row${a.excluded.length === 1 ? '' : 's'} left out: ${a.excluded.map((e) => `${e.study}: ${e.reason}`).join('; ')})` : ''}\n${coefficientTable(a)}${a.notes.map((n) => `note: ${n}\n`).join('')}`);
    },
  );
}

/**
 * When the effect-size flags are missing and the file's header has columns named like them (r and n;
 * yi with vi or sei; any case), the flags that would use them, e.g. "; the file has columns 'r' and
 * 'n': --r r --n n". Empty when the file cannot be read or has no such columns.
 */
async function effectColumnsHint(file: string): Promise<string> {
  const { sniffHeader } = await import('../../engine/csv-header.ts');
  let columns: string[];
  try {
    columns = sniffHeader(file).columns;
  } catch {
    return '';
  }
  const named = (name: string) => columns.find((c) => c.trim().toLowerCase() === name);
  const pairs: [string, string][] = [['r', 'n'], ['yi', 'vi'], ['yi', 'sei']];
  for (const [a, b] of pairs) {
    const [ca, cb] = [named(a), named(b)];
    if (ca !== undefined && cb !== undefined) return `; the file has columns '${ca}' and '${cb}': --${a} ${shellWord(ca)} --${b} ${shellWord(cb)}`;
  }
  return '';
}

/** A column name as one shell word: as it is when it is plain, else in single quotes. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A meta-regression's coefficients as metafor prints them under "Model Results" (4 decimals; the
 * statistic is t with test t or knha; p below .0001 as `<.0001`), one row per coefficient; empty without moderators, where the
 * summary sentence already gives the one estimate.
 */
export function coefficientTable(a: MetaAnalysis): string {
  if (a.coefficients.length < 2) return '';
  const stat = a.test === 'z' ? 'z' : `t(${a.ddf})`;
  const head = ['estimate', 'se', stat, 'p', 'ci.lb', 'ci.ub'];
  const rows = a.coefficients.map((c) => [c.estimate, c.se, c.zval, c.pval, c.ciLower, c.ciUpper].map((x, j) => (j === 3 && x < 1e-4 ? '<.0001' : x.toFixed(4))));
  return alignedTable(head, a.coefficients.map((c) => c.name), rows);
}
