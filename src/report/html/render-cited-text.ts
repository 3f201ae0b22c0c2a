import { apaInTextCitation } from '../format/apa-in-text-citation.ts';
import type { Citation } from '../types.ts';
import { escapeHtml } from './escape-html.ts';

/**
 * Escapes a sentence for HTML and turns each `[key]` that names a known citation into a link to
 * its reference list entry, showing the APA author–date form ("[Hatcher & Gillaspy, 2006]":
 * square brackets, as APA writes a citation inside parentheses). Unknown `[…]` stay as text.
 * `refId` maps a citation key to the HTML id of its entry.
 * @example renderCitedText('WAI-SR [hatcher2006]', [{ key: 'hatcher2006', text: 'Hatcher, R. L., & Gillaspy, J. A. (2006). …' }], (k) => `ref-${k}`)
 * // 'WAI-SR [<a class="cite" href="#ref-hatcher2006">Hatcher &amp; Gillaspy, 2006</a>]'
 */
export function renderCitedText(text: string, citations: readonly Citation[], refId: (key: string) => string): string {
  const byKey = new Map(citations.map((c) => [c.key, c]));
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/\[([^\[\]]+)\]/g)) {
    const c = byKey.get(m[1]!);
    if (!c) continue;
    out += escapeHtml(text.slice(last, m.index));
    const label = apaInTextCitation(c.text) ?? c.key;
    out += `[<a class="cite" href="#${escapeHtml(refId(c.key))}">${escapeHtml(label)}</a>]`;
    last = m.index! + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}
