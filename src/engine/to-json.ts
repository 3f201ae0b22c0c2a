/**
 * JSON for results files: typed arrays become arrays, non-finite numbers become null
 * (JSON has no NaN), Maps become objects. Pretty-printed for diffing.
 */
export function toJson(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (_k, v) => {
        if (typeof v === 'number' && !Number.isFinite(v)) return null;
        if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? x : null));
        if (v instanceof Map) return Object.fromEntries(v);
        if (typeof v === 'bigint') return Number(v);
        return v;
      },
      2,
    ) + '\n'
  );
}
