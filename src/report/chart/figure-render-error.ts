/** Where rendering failed: laying out the SVG (a bad spec) or rasterizing the PNG. */
export class FigureRenderError extends Error {
  constructor(
    message: string,
    readonly phase: 'svg' | 'png',
  ) {
    super(message);
    this.name = 'FigureRenderError';
  }
}
