/** A gate that lets rasterizations run side by side while their pixels together fit a budget. */
export interface PixelGate {
  /** Runs `work` once `pixels` fit beside the work already running (at once when nothing runs, whatever its size); waiters start in the order they came. */
  run<T>(pixels: number, work: () => Promise<T>): Promise<T>;
  /** The pixels of the work running now. */
  running(): number;
}

/**
 * A {@link PixelGate} for `budget` pixels. renderFigure on the calling thread hands each PNG to
 * libuv's thread pool (four threads), so without a gate four figures near PNG_PIXEL_BUDGET would
 * hold four 160 MB pixmaps at once; through a gate of that budget they hold at most one's worth
 * (plus one that is larger alone). A waiter is never overtaken, so a large figure is not starved
 * by small ones.
 * @example const gate = createPixelGate(40e6); const png = await gate.run(w * h, () => rasterize(svg));
 */
export function createPixelGate(budget: number): PixelGate {
  let running = 0;
  const waiting: { pixels: number; go: () => void }[] = [];
  const fits = (pixels: number) => running === 0 || running + pixels <= budget;
  const release = (pixels: number) => {
    running -= pixels;
    while (waiting.length > 0 && fits(waiting[0]!.pixels)) {
      const w = waiting.shift()!;
      running += w.pixels;
      w.go();
    }
  };
  return {
    async run(pixels, work) {
      if (waiting.length === 0 && fits(pixels)) running += pixels;
      else await new Promise<void>((go) => waiting.push({ pixels, go }));
      try {
        return await work();
      } finally {
        release(pixels);
      }
    },
    running: () => running,
  };
}
