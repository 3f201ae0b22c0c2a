import type { Argv } from 'yargs';
import { formatCount, formatNumber } from '../../report/format/index.ts';
import type { DuckDBSession } from '../../engine/duckdb-session.ts';
import type { CriterionNames, SeriesColumns } from '../../stages/sudden.ts';
import { DECIMAL_NUMBER } from '../../engine/decimal-number.ts';
import { CRIT3_CRITICAL } from '../../stats/sudden/crit3-critical.ts';
import { UsageError } from '../errors-to-exit.ts';
import { numberOption, parseDecimal } from '../parse-params.ts';
import { printJson } from '../print-json.ts';

/**
 * Loads a quick command's FILE as table `data`, locks the database and checks the --id (any
 * type), --time and --score (numeric) columns, none of them empty in every row; returns the
 * series columns readSessionSeries takes (rows named by their place in the file) and whether the
 * ids are numeric.
 */
export async function loadSeriesFile(db: DuckDBSession, file: string, cols: { id: string; time: string; score: string; 'fill-sessions': boolean }): Promise<{ columns: SeriesColumns; numericId: boolean }> {
  const { loadTable, refuseCodedNumbers, requireFileColumn, requireFileValues } = await import('../../engine/load-table.ts');
  const shape = await loadTable(db, file, 'data', [cols.time, cols.score]);
  await db.lock();
  if (!shape.columns.has(cols.id)) requireFileColumn(shape, cols.id, '--id');
  // numeric ids with an 'NA' among them: 'NA' would be taken for a patient
  refuseCodedNumbers(shape, cols.id, '--id');
  requireFileColumn(shape, cols.time, '--time');
  requireFileColumn(shape, cols.score, '--score');
  // a column with no value leaves no usable row: said here, not as '0 events in 0 of 4 patients'
  requireFileValues(shape, cols.id, '--id');
  requireFileValues(shape, cols.time, '--time');
  requireFileValues(shape, cols.score, '--score');
  return {
    columns: { id: cols.id, time: cols.time, score: cols.score, fill: cols['fill-sessions'] ? 'auto' : false, fileRow: { sql: 'rowid + 1', text: shape.textFile } },
    numericId: shape.columns.get(cols.id) === 'number',
  };
}

/**
 * The text output's lines on what became of the file's rows before the series were judged
 * (empty when nothing): absent session numbers inserted as missing scores, which is why a
 * patient whose sessions are numbered 2, 4, 6 … has no consecutive pair, and rows left out.
 * @example seriesNotes({ inserted: 1618, dropped: 0 }) // '1,618 absent session numbers inserted as missing scores (--no-fill-sessions: rows as given)\n'
 */
export function seriesNotes(series: { inserted: number; dropped: number }): string {
  const inserted = series.inserted ? `${formatCount(series.inserted, 'absent session number')} inserted as missing scores (--no-fill-sessions: rows as given)\n` : '';
  const dropped = series.dropped ? `${formatCount(series.dropped, 'row')} left out for a missing id or session\n` : '';
  return inserted + dropped;
}

/** The criterion settings as `alliance sudden` spells them (unusedCriterionSettings). */
const FLAG_CRITERIA: CriterionNames = { crit1Off: '--crit1 none', crit2Off: '--no-crit2', crit3Off: '--no-crit3', adjust: '--no-crit3-adjust', adjustOff: '--no-crit3-adjust', critical: '--crit3-critical' };

/**
 * --reliability and --sd of sudden and ruptures, for a reliable-change cut-off: plain decimals
 * (parseDecimal), the reliability in [0, 1) and the SD positive; each undefined when not given.
 */
export function parseReliableChange(argv: { reliability?: string; sd?: string }): { reliability?: number; sd?: number } {
  const reliability = parseDecimal(argv.reliability, '--reliability');
  const sd = parseDecimal(argv.sd, '--sd');
  // a reliability of 1 makes the reliable-change cut-off 0, which any change in the direction of a gain meets
  if (reliability !== undefined && !(reliability >= 0 && reliability < 1)) throw new UsageError('--reliability must lie in [0, 1)');
  if (sd !== undefined && !(sd > 0)) throw new UsageError('--sd must be positive');
  return { reliability, sd };
}

/**
 * `alliance sudden FILE --id COL --time COL --score COL`: sudden gains (Tang & DeRubeis 1999
 * criteria) in one column of any CSV, through the `sudden` stage's compute function. Absent
 * integer session numbers are inserted as missing scores (as the stage does); `session` in the
 * output is the post-change session's 1-based position in the patient's (filled) series.
 */
export function suddenCommand(y: Argv): Argv {
  return y.command(
    'sudden <file>',
    'Sudden gains or losses in a session-by-session score of a CSV file (Tang & DeRubeis 1999)',
    (a) =>
      a
        .positional('file', { type: 'string', demandOption: true })
        .option('id', { type: 'string', demandOption: true, describe: 'Patient id column' })
        .option('time', { type: 'string', demandOption: true, describe: 'Session number (or time) column' })
        .option('score', { type: 'string', demandOption: true, describe: 'Score column' })
        .option('direction', { choices: ['decrease', 'increase'] as const, default: 'decrease' as const, describe: 'Direction of a gain: decrease for symptom scales' })
        .option('crit1', numberOption("Criterion 1 cut-off in points, or 'none' (default: reliable change from --reliability)"))
        .option('reliability', numberOption('Reliability for a reliable-change crit1 (with --sd, else the SD of first scores)'))
        .option('sd', numberOption('Pre-treatment SD for a reliable-change crit1'))
        .option('crit2', numberOption('Criterion 2 fraction of the pre-change score (--no-crit2 switches it off)', 0.25))
        .option('crit3', { type: 'boolean', default: true, describe: 'Criterion 3 (--no-crit3 switches it off)' })
        .option('crit3-adjust', { type: 'boolean', default: true, describe: 'Adjust the criterion-3 critical value for missing scores (--no-crit3-adjust: fixed --crit3-critical)' })
        .option('crit3-critical', numberOption(`Fixed criterion-3 critical value, with --no-crit3-adjust (default ${CRIT3_CRITICAL})`))
        .option('select', { choices: ['largest', 'smallest', 'first', 'last'] as const, default: 'largest' as const, describe: 'Event kept per patient' })
        .option('fill-sessions', { type: 'boolean', default: true, describe: 'Insert absent integer session numbers as missing scores (--no-fill-sessions: rows as given)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object' }),
    async (argv) => {
      const { DuckDBSession } = await import('../../engine/duckdb-session.ts');
      const { computeSudden, unusedCriterionSettings } = await import('../../stages/sudden.ts');
      let crit1: number | 'none' | { reliability: number; sd?: number };
      const c1 = argv.crit1;
      // yargs negates --no-crit1 to false, which was read as '--crit1 false'
      if (typeof c1 === 'boolean') throw new UsageError("--crit1 takes a number or 'none'; --no-crit1 is not an option (--crit1 none switches criterion 1 off)");
      // --reliability and --sd only feed the reliable-change crit1: beside --crit1 they were ignored
      const feeds = (['reliability', 'sd'] as const).filter((k) => argv[k] !== undefined).map((k) => `--${k}`);
      if (c1 !== undefined && feeds.length) {
        throw new UsageError(`${feeds.join(' and ')} ${feeds.length > 1 ? 'are' : 'is'} only used for the reliable-change crit1, and --crit1 ${c1} ${c1 === 'none' ? 'switches criterion 1 off' : 'sets criterion 1 directly'}; drop ${feeds.length > 1 ? 'them' : feeds[0]} or --crit1`);
      }
      const { reliability, sd } = parseReliableChange(argv);
      // plain decimals only, as parseDecimal reads them: Number() took --crit1 0x4 for 4 and --crit2 0x0 for 0
      const decimal = (text: string) => (DECIMAL_NUMBER.test(text) ? Number(text) : NaN);
      if (c1 === 'none') crit1 = 'none';
      else if (c1 !== undefined) {
        const v = decimal(c1);
        if (!(v >= 0) || !Number.isFinite(v)) throw new UsageError(`--crit1 must be a number ≥ 0 or 'none', got '${c1}'`);
        crit1 = v;
      } else if (reliability !== undefined) crit1 = { reliability, ...(sd !== undefined ? { sd } : {}) };
      else throw new UsageError("give --crit1 (points, or 'none') or --reliability (reliable-change cut-off)");
      const crit2Raw = argv.crit2 as string | boolean;
      const crit2 = crit2Raw === false || crit2Raw === 'false' ? false : typeof crit2Raw === 'string' ? decimal(crit2Raw) : NaN;
      if (crit2 !== false && !(crit2 >= 0 && crit2 <= 1)) throw new UsageError('--crit2 must be a fraction between 0 and 1 (or --no-crit2)');
      // the stage's checks in flags, found before the file is read as the wrong usage they are (the
      // kernel's refusal of every criterion off exited 1); only --no-crit3-adjust can be told from its default
      const unused = unusedCriterionSettings(
        { crit1Off: crit1 === 'none', crit2Off: crit2 === false, crit3Off: !argv.crit3, adjustGiven: !argv['crit3-adjust'], adjustOff: !argv['crit3-adjust'], criticalGiven: argv['crit3-critical'] !== undefined },
        FLAG_CRITERIA,
      );
      if (unused.allOff) throw new UsageError(unused.allOff);
      const critical = parseDecimal(argv['crit3-critical'], '--crit3-critical');
      if (unused.critical) throw new UsageError(unused.critical);
      if (critical !== undefined && !(critical > 0)) throw new UsageError('--crit3-critical must be positive');
      if (unused.adjust) throw new UsageError(unused.adjust);
      const db = await DuckDBSession.create();
      try {
        const file = argv.file as string;
        const { columns, numericId } = await loadSeriesFile(db, file, argv);
        const comp = await computeSudden(
          db,
          'data',
          columns,
          { from: 'data', score: argv.score, crit1, crit2, crit3: argv.crit3, crit3Adjust: argv['crit3-adjust'], crit3Critical: critical ?? CRIT3_CRITICAL, select: argv.select },
          argv.direction,
          undefined,
          undefined,
          'sudden',
          file,
        );
        const { series, result } = comp;
        const idOf = (code: number): string | number => (numericId ? Number(series.patients[code]) : series.patients[code]!);
        const ev = (e: (typeof result.events)[number]) => ({ id: idOf(e.id), session: e.position, time: e.time, pre: e.pre, post: e.post, magnitude: e.magnitude, reversal: e.reversal });
        const out = {
          events: result.events.map(ev),
          selected: result.selected.map(ev),
          counts: {
            patients: result.patients.id.length,
            intervalsTested: result.patients.nTested.reduce((s, k) => s + k, 0),
            patientsWithoutInterval: result.patients.nTested.reduce((s, k) => s + (k === 0 ? 1 : 0), 0),
            events: result.events.length,
            patientsWithEvent: result.selected.length,
            insertedSessions: series.inserted,
            droppedRows: series.dropped,
          },
          settings: { ...result.settings, crit1Source: comp.crit1Source },
        };
        if (argv.json) printJson(out);
        else {
          const k = out.counts;
          // a computed reliable-change cut-off is shown to 4 significant digits (--json has it whole)
          const crit1 = result.settings.crit1Cutoff;
          const lines = out.events.map((e) => `  ${e.id}\t${argv.time} ${e.time}\t${e.pre} → ${e.post}\t(${e.magnitude})${e.reversal ? '\treversal' : ''}`);
          const untested = k.patientsWithoutInterval ? `; ${formatNumber(k.patientsWithoutInterval, 0)} ${k.patientsWithoutInterval === 1 ? 'patient has' : 'patients have'} none (a tested interval joins two consecutive session numbers with scores, neither of them the first or last session)` : '';
          process.stdout.write(
            `${formatCount(k.events, `sudden ${argv.direction === 'decrease' ? 'decrease' : 'increase'}`)} in ${formatNumber(k.patientsWithEvent, 0)} of ${formatCount(k.patients, 'patient')} (crit1 ${crit1 === null ? 'off' : Number(crit1.toPrecision(4))}, crit2 ${result.settings.crit2 ?? 'off'}, crit3 ${result.settings.crit3 ? 'on' : 'off'})\n` +
              (argv.reliability !== undefined ? `crit1 is ${comp.crit1Source}\n` : '') +
              `${formatCount(k.intervalsTested, 'session-to-session interval')} tested${untested}\n${seriesNotes(series)}${lines.map((l) => `${l}\n`).join('')}`,
          );
        }
      } finally {
        db.close();
      }
    },
  );
}
