/**
 * Thrown by the report renderer when it cannot write a faithful report: a figure spec that
 * does not compile, external data in a spec, a missing font for the PNG export. The message
 * names the figure or table id it concerns.
 */
export class ReportError extends Error {
  override name = 'ReportError';
  constructor(message: string) {
    super(message);
  }
}
