import { SpecError } from '../engine/errors.ts';
import type { TableShape } from '../engine/table-shape.ts';
import type { PlanContext } from './stage-definition.ts';

/**
 * The shape of the earlier stage's table a plan reads (`ctx.table`), or undefined when the
 * reference is bad (a misspelled `from`): its problem is then recorded, unchanged, and the plan
 * goes on, so validate also lists the stage's problems that do not need the table (an option
 * combination, a name looked up in a fixed list, a list entry refused on its own). A reference to
 * a stage that failed still silences the whole stage, as `ctx.table` does.
 */
export function planSourceTable(ctx: PlanContext, ref: string, optionKey: string): TableShape | undefined {
  try {
    return ctx.table(ref, optionKey);
  } catch (e) {
    if (!(e instanceof SpecError) || e.specPath !== `${ctx.specPath}.${optionKey}`) throw e;
    ctx.problem(optionKey, e.message);
    return undefined;
  }
}
