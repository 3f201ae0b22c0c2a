// createPixelGate: the PNGs renderFigure hands to libuv's pool from one thread hold at most the
// budget's pixels together; one larger than the budget runs alone; waiters start in arrival order.
import { describe, expect, it } from 'vitest';
import { createPixelGate } from '../../src/report/chart/pixel-gate.ts';

/** Work that ends when told to, recording when it started. */
function job(log: string[], name: string) {
  let end!: () => void;
  const done = new Promise<void>((r) => (end = r));
  return {
    work: async () => {
      log.push(`start ${name}`);
      await done;
      return name;
    },
    end: () => end(),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('createPixelGate', () => {
  it('runs side by side what fits the budget, holds the rest in arrival order, and lets one oversize job run alone', async () => {
    const gate = createPixelGate(10);
    const log: string[] = [];
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((n) => job(log, n));
    const pa = gate.run(6, a!.work);
    const pb = gate.run(4, b!.work); // 6 + 4 fits
    const pc = gate.run(5, c!.work); // waits for room
    const pd = gate.run(1, d!.work); // waits behind c
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    expect(gate.running()).toBe(10);
    a!.end();
    await expect(pa).resolves.toBe('a');
    await settle();
    // 4 + 5 + 1 = 10: c and d start together once a is done
    expect(log).toEqual(['start a', 'start b', 'start c', 'start d']);
    expect(gate.running()).toBe(10);
    const pe = gate.run(25, e!.work); // larger than the budget: waits until nothing runs
    b!.end();
    c!.end();
    await Promise.all([pb, pc]);
    await settle();
    expect(log).not.toContain('start e');
    d!.end();
    await pd;
    await settle();
    expect(log.at(-1)).toBe('start e');
    expect(gate.running()).toBe(25);
    e!.end();
    await pe;
    expect(gate.running()).toBe(0);
  });

  it('lets a small job wait behind a waiting large one rather than overtake it', async () => {
    const gate = createPixelGate(10);
    const log: string[] = [];
    const [a, big, small] = ['a', 'big', 'small'].map((n) => job(log, n));
    const pa = gate.run(3, a!.work);
    const pbig = gate.run(9, big!.work); // 3 + 9 > 10: waits
    const psmall = gate.run(2, small!.work); // 3 + 2 would fit, but big came first
    await settle();
    expect(log).toEqual(['start a']);
    a!.end();
    await pa;
    await settle();
    expect(log).toEqual(['start a', 'start big']);
    big!.end();
    small!.end();
    await Promise.all([pbig, psmall]);
    expect(log).toEqual(['start a', 'start big', 'start small']);
  });

  it('frees the pixels of work that fails', async () => {
    const gate = createPixelGate(10);
    await expect(gate.run(8, () => Promise.reject(new Error('resvg failed')))).rejects.toThrow('resvg failed');
    expect(gate.running()).toBe(0);
    await expect(gate.run(8, async () => 'next')).resolves.toBe('next');
  });
});
