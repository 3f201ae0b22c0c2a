/**
 * Richardson extrapolation (Richardson 1911, https://doi.org/10.1098/rsta.1911.0009) of estimates at
 * steps h, h/2, h/4…, whose error is a series in even powers of h.
 * @example richardsonExtrapolate([1.25, 1.0625]) // 1 (for the estimates 1 + h² at h = 0.5, 0.25)
 */
export function richardsonExtrapolate(est: number[]): number {
  const a = est.slice();
  for (let j = 1; j < a.length; j++) {
    const f = 4 ** j;
    for (let k = a.length - 1; k >= j; k--) a[k] = (f * a[k] - a[k - 1]) / (f - 1);
  }
  return a[a.length - 1];
}

