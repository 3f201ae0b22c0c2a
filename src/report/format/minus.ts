/** U+2212 MINUS SIGN, which APA typesetting uses in place of the hyphen-minus. */
export const MINUS = '\u2212';
