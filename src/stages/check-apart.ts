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
