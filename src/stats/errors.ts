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
