import { isDigitByte as isDigit, scanFileBytes } from './scan-file-bytes.ts';

/**
 * Whether a CSV file may hold a number that DuckDB's integer parse reads differently from its
 * DOUBLE parse followed by an exactness check: a fraction (`2.5` and `.5` are read as the integers 3
 * and 1, where the DOUBLE is 2.5 or 0.5) or a hexadecimal or binary literal (`0x10` is read as 16,
 * `0b11` as 3, where the DOUBLE parse refuses them). Every other cell either parses to the same
 * whole number both ways or is refused by the integer parse (out of range, `inf`, text, a cell of
 * spaces), checked on DuckDB cell by cell (test/stages/ingest-integer-read.test.ts). So when this
 * returns false, ingest may parse the columns it stores compact (SMALLINT, INTEGER) as integers
 * directly, skipping the DOUBLE parse and its comparison (see readTyped in stages/ingest.ts).
 *
 * Conservative, over the whole file's bytes, in every column, quoted or not: true when a '.' has a
 * digit before or after it, an 'e' or 'E' a digit before it (an exponent, `1e-1`), or an 'x', 'X',
 * 'b' or 'B' a '0' before it. Each byte is found with Buffer.indexOf (memchr speed), so a file
 * where these bytes are rare costs little more than one read of it: 0.02–0.05 s for the 86 MB
 * benchmark file, whose 'B's (in 'CBT') are checked one by one. Reads 4 MB at a time (scanFileBytes),
 * keeping the last byte of each piece so a pair across a boundary is found.
 */
export async function mayHoldNonIntegers(path: string): Promise<boolean> {
  // a byte at 0 is the kept one, already checked as the second of a pair: holdsNonIntegerBytes
  // looks at pairs ending at 1… and at a '.' there with the byte after it
  return scanFileBytes(path, 1, holdsNonIntegerBytes);
}

const DOT = 0x2e;
const ZERO = 0x30;

/** Whether `bytes` holds one of the pairs of {@link mayHoldNonIntegers}; `from` = 1 skips a kept first byte as the second of a pair. */
function holdsNonIntegerBytes(bytes: Buffer, from: number): boolean {
  for (let i = bytes.indexOf(DOT); i !== -1; i = bytes.indexOf(DOT, i + 1)) {
    if ((i >= from && isDigit(bytes[i - 1])) || isDigit(bytes[i + 1])) return true;
  }
  for (const [second, first] of PAIRS) {
    for (let i = bytes.indexOf(second, from); i !== -1; i = bytes.indexOf(second, i + 1)) {
      if (first === 'digit' ? isDigit(bytes[i - 1]) : bytes[i - 1] === ZERO) return true;
    }
  }
  return false;
}

/** The second byte of a pair, and what must come before it. */
const PAIRS: [number, 'digit' | '0'][] = [
  [0x65, 'digit'], // e
  [0x45, 'digit'], // E
  [0x78, '0'], // x
  [0x58, '0'], // X
  [0x62, '0'], // b
  [0x42, '0'], // B
];
