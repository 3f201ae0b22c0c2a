export interface Tag {
  name: string;
  attributes: string[];
}

/**
 * Reads every tag of an HTML page whose inline script bodies were removed, and fails on any `<`
 * that does not start a well-formed tag (all attribute values double-quoted), a closing tag or
 * the doctype: escaped text never contains a raw `<`, so anything else is injected markup.
 */
export function htmlTags(markup: string): Tag[] {
  const tags: Tag[] = [];
  const re = /<(?:!DOCTYPE html|\/[a-zA-Z][\w:-]*|([a-zA-Z][\w:-]*)((?:\s+[\w:-]+(?:="[^"<]*")?)*)\s*\/?)>/y;
  for (let i = markup.indexOf('<'); i !== -1; i = markup.indexOf('<', i + 1)) {
    re.lastIndex = i;
    const m = re.exec(markup);
    if (!m) throw new Error(`malformed or injected markup at ${i}: ${markup.slice(i, i + 80)}`);
    if (m[1]) tags.push({ name: m[1].toLowerCase(), attributes: [...(m[2] ?? '').replace(/="[^"]*"/g, '').matchAll(/\s([\w:-]+)/g)].map((a) => a[1]!.toLowerCase()) });
  }
  return tags;
}
