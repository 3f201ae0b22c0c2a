import yargs from 'yargs';
import { reportError, EXIT, UsageError } from './errors-to-exit.ts';
import { DataError } from '../engine/errors.ts';
import { placeLines } from '../engine/csv-read-error.ts';
import { runCommand } from './commands/run.ts';
import { validateCommand } from './commands/validate.ts';
import { schemaCommand } from './commands/schema.ts';
import { simulateCommand } from './commands/simulate.ts';
import { correlateCommand } from './commands/correlate.ts';
import { suddenCommand } from './commands/sudden.ts';
import { rupturesCommand } from './commands/ruptures.ts';
import { metaCommand } from './commands/meta.ts';
import { benchCommand } from './commands/bench.ts';
import { mixedCommand } from './commands/mixed.ts';
import { compareCorrelationsCommand } from './commands/compare-correlations.ts';
import { verifyCommand } from './commands/verify.ts';
import { openCommand } from './commands/open.ts';
import { peakRssKb } from '../engine/stage-resources.ts';
import { ALLIANCE_VERSION } from '../engine/package-root.ts';
import { listWords } from '../engine/errors.ts';
import { didYouMean } from '../spec/did-you-mean.ts';

/**
 * `alliance schema | head`: the reader closing the pipe early is the end of the output, not an
 * error (a stack trace from an unhandled EPIPE otherwise). Added once per process: tests call
 * main many times in one process.
 */
function endOnClosedPipe(e: NodeJS.ErrnoException): void {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? EXIT.ok);
}

/**
 * The yargs instance a middleware gets as its second argument (left out of yargs's type
 * declarations): the options of the command being parsed, and its help groups (positionals).
 */
interface ParsingYargs {
  getOptions(): { array: string[]; boolean: string[]; string: string[]; number: string[]; key: Record<string, unknown>; alias: Record<string, string[]> };
  getGroups(): Record<string, string[]>;
}

/**
 * An option given twice reaches a command as a list, which no single-valued option expects
 * (`--x a --x b` ended in a TypeError): one usage message instead, naming the option and its
 * values. Options declared `array` (`--param`, `--reference`) repeat by design.
 */
function refuseRepeatedOptions(argv: Record<string, unknown>, ...rest: unknown[]): void {
  const options = (rest[0] as ParsingYargs).getOptions();
  const repeatable = new Set(options.array);
  for (const key of Object.keys(options.key)) {
    const value = argv[key];
    if (!Array.isArray(value) || repeatable.has(key)) continue;
    throw new UsageError(`--${key} was given ${value.length} times (${value.map((v) => JSON.stringify(v)).join(', ')}); give it once`);
  }
}

/**
 * yargs negates any option written `--no-…`, so `--no-y`, `--no-covariates` or `--no-host` reached
 * a command as false: a TypeError (exit 70), a silently dropped option, or a server on
 * http://false. A text option's --no- form is wrong usage. Numeric options (numberOption) are
 * left to parseDecimal, which says the same, and to the commands that give `--no-` a meaning
 * (sudden's --no-crit2).
 */
function refuseNegatedTextOptions(argv: Record<string, unknown>, ...rest: unknown[]): void {
  const options = (rest[0] as ParsingYargs).getOptions();
  const numeric = new Set(options.number);
  for (const key of options.string) {
    const value = argv[key];
    if (numeric.has(key) || !(value === false || (Array.isArray(value) && value.includes(false)))) continue;
    throw new UsageError(`--${key} takes a value; --no-${key} is not an option`);
  }
}

/** The command being parsed, once yargs has recognised it: the usage footer points to its --help. */
let parsedCommand = '';

const camelCase = (s: string) => s.replace(/-+([^-])/g, (_, c: string) => c.toUpperCase());

/**
 * An unknown option is reported before the required ones are checked: `alliance sudden f.csv
 * --patient id --session t` said only "Missing required arguments: id, time", leaving the user
 * to guess that --patient was not an option at all. One message names the unknown options, a
 * close spelling where there is one, and the options the command does take.
 */
function refuseUnknownOptions(argv: Record<string, unknown>, ...rest: unknown[]): void {
  const y = rest[0] as ParsingYargs;
  const options = y.getOptions();
  const positionals = new Set(Object.values(y.getGroups()).flat());
  // global --help and --version belong to every command
  const own = Object.keys(options.key).filter((k) => k !== 'help' && k !== 'version' && !positionals.has(k));
  // at the top level (no command recognised yet) only --help and --version are defined
  if (own.length === 0 && positionals.size === 0) return;
  const command = Array.isArray(argv._) ? String(argv._[0] ?? '') : '';
  parsedCommand = command;
  const known = new Set<string>(['_', '$0', 'help', 'version']);
  for (const k of Object.keys(options.key)) {
    known.add(k).add(camelCase(k));
    for (const a of options.alias[k] ?? []) known.add(a).add(camelCase(a));
  }
  const unknown = Object.keys(argv).filter((k) => !known.has(k));
  // yargs adds a camelCase twin of a dashed key (--fill-session → fillSession): report the dashed one
  const shown = unknown.filter((k) => !unknown.some((d) => d !== k && camelCase(d) === k));
  if (shown.length === 0) return;
  const flag = (k: string) => (k.length === 1 ? `-${k}` : `--${k}`);
  const close = [...new Set(shown.flatMap((k) => didYouMean(k, own, { max: 1 })))].map(flag);
  const takes = own.map((k) => (options.boolean.includes(k) ? `--[no-]${k}` : flag(k)));
  throw new UsageError(`Unknown argument${shown.length > 1 ? 's' : ''}: ${shown.join(', ')}.${close.length ? ` Did you mean ${listWords(close, 'or')}?` : ''} ${command ? `alliance ${command}` : 'alliance'} takes ${takes.join(', ')}`);
}

/**
 * A yargs message in the words of alliance's usage errors: an option given without its value
 * (yargs: 'Not enough arguments following: level') is named as it is typed.
 * @example usageWords('Not enough arguments following: level') // '--level needs a value'
 */
function usageWords(msg: string): string {
  const m = /^Not enough arguments following: (.+)$/.exec(msg);
  return m ? `${m[1]!.length === 1 ? '-' : '--'}${m[1]} needs a value` : msg;
}

/**
 * The `alliance` command line. Every command is one file in src/cli/commands/; the quick
 * analysis commands call the same functions as the pipeline stages.
 */
export async function main(argv: string[]): Promise<void> {
  if (!process.stdout.listeners('error').includes(endOnClosedPipe)) process.stdout.on('error', endOnClosedPipe);
  let failed: unknown;
  parsedCommand = '';
  const cli = [runCommand, validateCommand, schemaCommand, simulateCommand, correlateCommand, suddenCommand, rupturesCommand, metaCommand, mixedCommand, compareCorrelationsCommand, verifyCommand, openCommand, benchCommand].reduce((y, add) => add(y), yargs(argv))
    .scriptName('alliance')
    .usage('$0 <command> [options]\n\nTherapeutic alliance–outcome analytics: declarative pipelines from session-by-session questionnaire data to a publication-grade report.')
    .demandCommand(1, 'Name a command (see --help).')
    .strict()
    .recommendCommands()
    .help()
    // the version a methods section cites (run.lock.json records it, with DuckDB's and Vega's, for each run)
    .version(ALLIANCE_VERSION)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    // Throwing here is what stops yargs: a handler that returns lets it go on and run the command
    // with the options it has just rejected (a misspelled --stict ran the pipeline without strict).
    // yargs's own refusals (YError: a numeric option last on the line, without its value) are wrong usage too
    .fail((msg, err) => {
      throw err && err.name !== 'YError' ? err : new UsageError(usageWords(msg));
    })
    // a numeric option (numberOption, nargs 1) takes the next word whatever it is: yargs otherwise
    // left '--crit3-critical -Infinity' without its value and read -Infinity as the flags -I, -n, -f …
    .parserConfiguration({ 'nargs-eats-options': true })
    .middleware([refuseUnknownOptions, refuseRepeatedOptions, refuseNegatedTextOptions], true);
  try {
    await cli.parseAsync();
  } catch (e) {
    failed = e;
  }
  if (process.env.ALLIANCE_RESOURCES) {
    const r = process.resourceUsage();
    process.stderr.write(`peak-rss-kb=${peakRssKb()} cpu-s=${((r.userCPUTime + r.systemCPUTime) / 1e6).toFixed(3)} faults=${r.minorPageFault}\n`);
  }
  if (failed instanceof UsageError) {
    process.stderr.write(`error: ${failed.message}\nRun 'alliance${parsedCommand ? ` ${parsedCommand}` : ''} --help' for usage.\n`);
    process.exitCode = EXIT.usage;
  } else if (failed) process.exitCode = reportError(failed instanceof DataError ? await placeLines(failed) : failed);
}
