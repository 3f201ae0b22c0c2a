/**
 * A derived-variable expression that cannot be parsed or compiled. `position`
 * is the 0-based character offset of the problem in `expression`; the message
 * already says "at position N".
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
