import type { Argv } from 'yargs';
import { formatCount, formatNumber } from '../../report/format/index.ts';
import { UsageError } from '../errors-to-exit.ts';
import { numberOption } from '../parse-params.ts';
import { printJson } from '../print-json.ts';
import { loadSeriesFile, parseReliableChange, seriesNotes } from './sudden.ts';

/**
 * `alliance ruptures FILE --id COL --time COL --score COL --preset NAME`: rupture–repair episodes
 * in one column of any CSV under a named rule, through the `ruptures` stage's compute function.
 * `session` in the output is the rupture session's 1-based position in the patient's (filled) series.
 */
export function rupturesCommand(y: Argv): Argv {
  return y.command(
    'ruptures <file>',
    'Rupture–repair episodes in a session-by-session alliance score of a CSV file under a named rule',
    (a) =>
      a
        .positional('file', { type: 'string', demandOption: true })
        .option('id', { type: 'string', demandOption: true, describe: 'Patient id column' })
        .option('time', { type: 'string', demandOption: true, describe: 'Session number (or time) column' })
        .option('score', { type: 'string', demandOption: true, describe: 'Alliance score column' })
        .option('preset', { choices: ['stiles2004', 'strauss2006', 'gumz2012', 'rci'] as const, demandOption: true, describe: 'Named rule' })
        .option('reliability', numberOption('Reliability (--preset rci only, which requires it)'))
        .option('sd', numberOption('SD for --preset rci only (default: SD of the first scores)'))
        .option('direction', { choices: ['decrease', 'increase'] as const, default: 'decrease' as const, describe: 'A rupture is a drop (higher-is-better scores) or a rise' })
        .option('fill-sessions', { type: 'boolean', default: true, describe: 'Insert absent integer session numbers as missing scores (--no-fill-sessions: rows as given)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object' }),
    async (argv) => {
      const { DuckDBSession } = await import('../../engine/duckdb-session.ts');
      const { computeRuptures, countsOf, episodeJson, patientStatusText, resolveRules } = await import('../../stages/ruptures.ts');
      // only the rci rule reads --reliability and --sd; beside another preset they were ignored
      const rciOnly = (['reliability', 'sd'] as const).filter((k) => argv[k] !== undefined).map((k) => `--${k}`);
      if (argv.preset !== 'rci' && rciOnly.length) {
        throw new UsageError(`${rciOnly.join(' and ')} ${rciOnly.length > 1 ? 'are' : 'is'} only used by --preset rci (--preset ${argv.preset} takes its SDs from the scores); use --preset rci or drop ${rciOnly.length > 1 ? 'them' : rciOnly[0]}`);
      }
      if (argv.preset === 'rci' && argv.reliability === undefined) throw new UsageError('--preset rci needs --reliability');
      const { reliability, sd } = parseReliableChange(argv);
      const db = await DuckDBSession.create();
      try {
        const file = argv.file as string;
        const { columns, numericId } = await loadSeriesFile(db, file, argv);
        const { rules } = resolveRules({ presets: [argv.preset], reliability, sd }, undefined, argv.direction);
        const comp = await computeRuptures(db, 'data', columns, rules, { file });
        const raw = comp.series.patients;
        const c = comp.classifications[0]!;
        const ids = raw.map((r) => (numericId ? Number(r) : r));
        const out = {
          preset: c.name,
          rule: c.rule,
          sampleSd: Number.isFinite(c.sampleSd) ? c.sampleSd : null,
          episodes: c.episodes.map((e) => ({ ...episodeJson(e, raw[e.id]!), id: ids[e.id] })),
          patients: Object.fromEntries(patientStatusText(c).map((s, p) => [raw[p]!, s])),
          notEvaluable: ids.filter((_, p) => !c.result.patients.evaluable[p]),
          ...(comp.classifications[1] ? { strict: { name: comp.classifications[1].name, patients: Object.fromEntries(patientStatusText(comp.classifications[1]).map((s, p) => [raw[p]!, s])) } } : {}),
          counts: countsOf(c),
          insertedSessions: comp.series.inserted,
          droppedRows: comp.series.dropped,
        };
        if (argv.json) printJson(out);
        else {
          const k = out.counts;
          process.stdout.write(
            `${c.name}: ${formatCount(k.episodes, 'episode')} (${formatNumber(k.repairedEpisodes, 0)} repaired) in ${formatNumber(k.evaluable, 0)} evaluable of ${formatCount(k.patients, 'patient')}; patients none ${formatNumber(k.status.none, 0)}, repaired ${formatNumber(k.status.repaired, 0)}, unrepaired ${formatNumber(k.status.unrepaired, 0)}\n` +
              `${seriesNotes(comp.series)}${out.episodes.map((e) => `  ${e.id}\t${argv.time} ${e.time}\t${argv.direction === 'increase' ? 'rise' : 'drop'} ${e.drop.toFixed(2)} (threshold ${e.threshold.toFixed(2)})\t${e.pattern}\n`).join('')}`,
          );
        }
      } finally {
        db.close();
      }
    },
  );
}
