import type { Argv } from 'yargs';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { PathError } from '../../engine/safe-path.ts';
import { UsageError } from '../errors-to-exit.ts';
import { numberOption, parseDecimal } from '../parse-params.ts';

export function simulateCommand(y: Argv): Argv {
  return y.command(
    'simulate',
    'Write simulated routine-outcome-monitoring data (reference layout) with planted structure, and its ground truth',
    (a) =>
      a
        .option('patients', { ...numberOption('Number of patients'), demandOption: true })
        .option('seed', numberOption('Seed (same seed → byte-identical file)', 1))
        .option('therapists', numberOption('Number of therapists (default patients / 20)'))
        .option('sites', numberOption('Number of sites (default therapists / 5)'))
        .option('out', { type: 'string', demandOption: true, describe: 'CSV file to write (.csv; a name read as JSON, Parquet, TSV or compressed is refused); <name>.truth.json is written beside it' }),
    async (argv) => {
      const { simulate, writeSimulation } = await import('../../simulate/index.ts');
      const { MAX_SIMULATE_PATIENTS, resolveSimulateOptions } = await import('../../simulate/resolve-simulate-options.ts');
      const { StatInputError } = await import('../../stats/errors.ts');
      // plain decimals only: yargs's number type read --patients 0x10 as 16 (parseDecimal)
      const patients = parseDecimal(argv.patients, '--patients');
      const seed = parseDecimal(argv.seed, '--seed');
      // the therapist count given (the count used is resolved below, defaulting to patients / 20)
      const therapistsGiven = parseDecimal(argv.therapists, '--therapists');
      const sites = parseDecimal(argv.sites, '--sites');
      if (!Number.isInteger(patients) || patients < 1 || patients > MAX_SIMULATE_PATIENTS) {
        throw new UsageError(`--patients must be a whole number from 1 to ${MAX_SIMULATE_PATIENTS.toLocaleString('en-US')} (got ${patients})`);
      }
      // CSV under a name that ingest reads as another format (z.json, z.parquet, z.tsv) or as compressed (z.csv.gz) could not be read back
      const { formatFromName } = await import('../../engine/file-format.ts');
      const ext = extname(argv.out).toLowerCase();
      const format = formatFromName(argv.out);
      const readAs = format !== 'csv' ? { json: 'JSON', parquet: 'Parquet', tsv: 'tab-separated text' }[format] : ['.gz', '.gzip', '.zst', '.zstd', '.bz2', '.xz', '.zip'].includes(ext) ? 'a compressed file' : undefined;
      if (readAs) {
        const stem = argv.out.slice(0, -ext.length);
        throw new UsageError(`--out ${argv.out}: the simulator writes plain CSV, which alliance would read under this name as ${readAs}; name a .csv file, e.g. --out ${/\.csv$/i.test(stem) ? stem : `${stem}.csv`}`);
      }
      // the counts in the words of --patients' message, with the bound each one has (a default therapist count says so)
      const countIn = (flag: string, value: number | undefined, max: number, bound: string) => {
        if (value !== undefined && !(Number.isInteger(value) && value >= 1 && value <= max)) throw new UsageError(`${flag} must be a whole number from 1 to ${max.toLocaleString('en-US')}, ${bound} (got ${value})`);
      };
      countIn('--therapists', therapistsGiven, patients, 'no more than --patients');
      const therapists = therapistsGiven ?? resolveSimulateOptions({ patients }).therapists;
      countIn('--sites', sites, therapists, therapistsGiven === undefined ? `no more than the therapists (${therapists.toLocaleString('en-US')} by default for ${patients.toLocaleString('en-US')} patients; set --therapists for more)` : 'no more than --therapists');
      const options = { patients, seed, therapists: therapistsGiven, sites };
      try {
        resolveSimulateOptions(options);
      } catch (e) {
        // every option here came from a flag: a count out of range is wrong usage, before any file is written
        if (e instanceof StatInputError) throw new UsageError(e.message.replace(/^simulate: option (\w+)/, '--$1'));
        throw e;
      }
      // the file system's refusal (no permission, a file where a folder should be) is the user's path, not a bug
      const writing = async <T>(f: () => T | Promise<T>): Promise<T> => {
        try {
          return await f();
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code) throw new PathError(`cannot write --out ${argv.out}: ${(e as Error).message.replace(/, \w+ '[^']*'$/, '')}`, argv.out);
          throw e;
        }
      };
      const isFolder = await writing(() => statSync(argv.out, { throwIfNoEntry: false })?.isDirectory());
      if (isFolder) throw new UsageError(`--out ${argv.out} is a folder; give the CSV file to write, e.g. --out ${join(argv.out, 'sim.csv')}`);
      await writing(() => mkdirSync(dirname(resolve(argv.out)), { recursive: true }));
      const t0 = performance.now();
      const sim = simulate(options);
      const { csvPath, truthPath } = await writing(() => writeSimulation(sim, argv.out));
      process.stdout.write(`${csvPath} and ${truthPath} written in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
    },
  );
}
