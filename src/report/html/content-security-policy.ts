import { createHash } from 'node:crypto';

/**
 * The Content-Security-Policy of a report (W3C CSP Level 3, https://www.w3.org/TR/CSP3/):
 * nothing may be fetched (`default-src 'none'`, `connect-src 'none'`, images only from `data:`),
 * and only the page's own inline scripts run, each allowed by its SHA-256 hash, so markup
 * injected through data could not execute even if escaping failed. `'unsafe-eval'` is needed
 * because Vega compiles its expressions with `Function`; styles are inline.
 * @example contentSecurityPolicy([]) // "default-src 'none'; script-src 'none'; …"
 */
export function contentSecurityPolicy(inlineScripts: readonly string[]): string {
  const scriptSrc =
    inlineScripts.length === 0
      ? "'none'"
      : [...inlineScripts.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`), "'unsafe-eval'"].join(' ');
  return [
    "default-src 'none'",
    `script-src ${scriptSrc}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "font-src 'none'",
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
