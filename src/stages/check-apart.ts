/**
 * Thrown when a plan reads an option whose value is in doubt: the stage failed its schema check
 * there (a wrong type, a misspelled value, a missing required option) and is planned on the
 * options that passed (see planPipeline). The schema problem stands for the checks that need it.
 */
export class OptionInDoubt extends Error {
  override name = 'OptionInDoubt';
}

/**
 * Runs a plan's checks of independent options in turn: a check that reads an option in doubt is
 * skipped and the next one runs, so validate lists the problems of the other options in the same
 * run. Anything else a check throws goes on, as if the checks were written one after another.
 */
export function checkApart(...checks: (() => void)[]): void {
  for (const check of checks) {
    try {
      check();
    } catch (e) {
      if (!(e instanceof OptionInDoubt)) throw e;
    }
  }
}

/**
 * Runs `check` on each entry of a list apart, as checkApart runs checks: an entry in doubt (a list
 * option with a schema problem in some entries, see readingInDoubt) or a check reading an option in
 * doubt is skipped, and the next entry is checked. Plans with a PlanContext use ctx.eachEntry, which
 * also lists each entry's own problems.
 */
export function checkEach<T>(entries: readonly T[], check: (entry: T, index: number) => void): void {
  for (let i = 0; i < entries.length; i++) checkApart(() => check(entries[i], i));
}
