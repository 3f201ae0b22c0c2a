/**
 * Every code unit NOT_XML_CHAR may match: C0 controls other than tab, line feed and carriage
 * return; U+FFFE and U+FFFF; any surrogate (NOT_XML_CHAR keeps paired ones, which it looks around
 * for). This plain character class reads a 2 MB scatter plot's SVG about 9 times faster than
 * NOT_XML_CHAR with its look-arounds, and almost no text holds one.
 */
const MAYBE_NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Characters outside XML 1.0's `Char` production, and unpaired surrogates (which UTF-8 cannot encode). */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text that may stand in an XML 1.0 document (https://www.w3.org/TR/xml/#charsets): C0 control
 * characters other than tab, line feed and carriage return (vertical tab is FileMaker's line
 * break inside a cell; NUL, ESC) become a space, and U+FFFE, U+FFFF and unpaired surrogates
 * become U+FFFD. Escaping cannot help here: XML forbids these characters even as `&#11;`, so an
 * SVG holding one is not well-formed and no XML parser (resvg included) reads it. Text without
 * such characters is returned unchanged, after one quick scan (MAYBE_NOT_XML_CHAR).
 * @example xmlSafeText('IPT\u000bgroup') // "IPT group"
 */
export function xmlSafeText(text: string): string {
  if (!MAYBE_NOT_XML_CHAR.test(text)) return text;
  return text.replace(NOT_XML_CHAR, (c) => (c.charCodeAt(0) < 0x20 ? ' ' : '\uFFFD'));
}
