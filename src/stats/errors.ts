/**
 * Thrown by a statistics kernel when its input cannot give a meaningful result
 * (too few observations, zero variance, mismatched lengths…). Kernels throw
 * rather than return `null` or a silent `NaN`; stages turn this into a located
 * user-facing error.
 */
export class StatInputError extends Error {
  override name = 'StatInputError';
  constructor(message: string) {
    super(message);
  }
}

/**
 * A StatInputError for too few observations (`got` of at least `needed`), so that a stage can
 * add what it knows of the rows left out, e.g. which columns they lacked.
 */
export class TooFewError extends StatInputError {
  override name = 'TooFewError';
  constructor(
    message: string,
    readonly needed: number,
    readonly got: number,
  ) {
    super(message);
  }
}
