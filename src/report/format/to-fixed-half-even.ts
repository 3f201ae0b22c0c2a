/**
 * `Math.abs(x).toFixed(digits)`, except that exact binary ties (0.125, 2.5, …) round half to
 * even, as C's printf and therefore R's `sprintf`/`formatC` do; JavaScript's toFixed rounds
 * them up. Non-ties already agree, because both round the exact binary value. Tie detection is
 * exact: x = M·2^e with integer M, and a tie means 2·|x|·10^digits is an odd integer.
 * @example toFixedHalfEven(0.125, 2) // "0.12" (R: sprintf("%.2f", 0.125))
 */
export function toFixedHalfEven(x: number, digits: number): string {
  const a = Math.abs(x);
  const s = a.toFixed(digits);
  if (!isTie(a, digits)) return s;
  const last = s.charCodeAt(s.length - 1) - 48;
  // toFixed rounded the tie up; an odd last digit means the even neighbour is one unit below
  // (and no borrow is needed, since the digit is at least 1).
  return last % 2 === 1 ? s.slice(0, -1) + String(last - 1) : s;
}

function isTie(a: number, digits: number): boolean {
  if (a === 0 || !Number.isFinite(a)) return false;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (biased === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  // 2·a·10^d = m · 10^d · 2^(e+1)
  let num = m * 10n ** BigInt(digits);
  const shift = e + 1;
  if (shift > 0) return false; // an even integer
  if (shift === 0) return num % 2n === 1n;
  const den = 1n << BigInt(-shift);
  if (num % den !== 0n) return false;
  num /= den;
  return num % 2n === 1n;
}
