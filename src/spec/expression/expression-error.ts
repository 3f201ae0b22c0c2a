/**
 * A derived-variable expression that cannot be parsed or compiled. `position`
 * is the 0-based offset (UTF-16 code units) of the problem in `expression`; the
 * message already names it as the 1-based character an editor shows, "at
 * character N" (characterAt).
 */
export class ExpressionError extends Error {
  override name = 'ExpressionError';
  readonly position: number;
  readonly expression: string;
  constructor(message: string, position: number, expression: string) {
    super(message);
    this.position = position;
    this.expression = expression;
  }
}
