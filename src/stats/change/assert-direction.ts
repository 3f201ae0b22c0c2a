import { StatInputError } from '../errors.ts';
import type { Direction } from './types.ts';

/**
 * Input guard for a scale direction coming from untyped input (a spec, the CLI): throws
 * StatInputError unless it is 'lower-is-better' or 'higher-is-better'.
 * @example assertDirection('lower-is-better') // passes
 */
export function assertDirection(direction: unknown): asserts direction is Direction {
  if (direction !== 'lower-is-better' && direction !== 'higher-is-better')
    throw new StatInputError(`direction must be 'lower-is-better' or 'higher-is-better', got ${String(direction)}`);
}
