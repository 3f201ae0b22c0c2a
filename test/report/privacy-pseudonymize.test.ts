// pseudonymize finds the pseudonym width on the leading hex digits as numbers; checked against the
// slow exact path it replaced (a set of digest prefixes as strings per width, written out below)
// and against node's SHA-256 directly. Exact equality (strings).
import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pseudonymize } from '../../src/report/privacy/index.ts';

/** The reference: digests by id, widths tried as string prefixes from the birthday bound up. */
function slowPseudonymize(ids: readonly string[], salt: string, prefix = 'P-'): string[] {
  const digests = new Map<string, string>();
  for (const id of ids) if (!digests.has(id)) digests.set(id, hash('sha256', `${salt}\u0000${id}`, 'hex'));
  let width = Math.max(4, Math.ceil(Math.log2(Math.max(2, digests.size)) / 2));
  while (width < 64) {
    const prefixes = new Set([...digests.values()].map((d) => d.slice(0, width)));
    if (prefixes.size === digests.size) break;
    width++;
  }
  return ids.map((id) => prefix + digests.get(id)!.slice(0, width));
}

describe('pseudonymize (numeric width search)', () => {
  it('equals the string-prefix reference for sets where the first width collides', () => {
    // 1,500 ids start at width 6 (16^6 ≈ 1.7e7 slots, collision chance ≈ 6%): search salts until
    // the reference needs a longer width, so the lengthening path is exercised.
    const ids = Array.from({ length: 1500 }, (_, i) => `id-${i}`);
    let lengthened = 0;
    for (let s = 0; s < 200 && lengthened < 3; s++) {
      const salt = `salt-${s}`;
      const want = slowPseudonymize(ids, salt);
      expect(pseudonymize(ids, salt)).toEqual(want);
      if (want[0]!.length > 'P-'.length + 6) lengthened++;
    }
    expect(lengthened).toBe(3);
  });

  it('equals the reference with repeated ids, few ids, non-ASCII ids and another prefix', () => {
    const cases: string[][] = [['A17', 'B02', 'A17'], ['only'], [], ['Zoë', '日本', 'Zoë', 'a\u0000b', ''], Array.from({ length: 5000 }, (_, i) => String(i % 3000))];
    for (const ids of cases) {
      expect(pseudonymize(ids, 'k')).toEqual(slowPseudonymize(ids, 'k'));
      expect(pseudonymize(ids, 'k', 'T-')).toEqual(slowPseudonymize(ids, 'k', 'T-'));
    }
  });

  it('equals the reference at 100,000 ids (width 9)', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `P${String(i).padStart(6, '0')}`);
    const got = pseudonymize(ids, 'demo');
    expect(got).toEqual(slowPseudonymize(ids, 'demo'));
    expect(got[0]).toMatch(/^P-[0-9a-f]{9}$/);
  });
});
