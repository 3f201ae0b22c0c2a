import { OKABE_ITO } from '../chart/chart-config.ts';
import type { VegaLiteSpec } from '../types.ts';
import { intervalRows } from './leave-one-out-plot.ts';

/**
 * Cumulative meta-analysis plot (Lau et al. 1992, doi:10.1056/NEJM199207233270406; metafor's
 * `cumul`): the pooled estimate and its confidence interval after each study is added in order,
 * with the final estimate as the reference line.
 */
export function cumulativePlot(args: { rows: { label: string; k: number; estimate: number; lower: number; upper: number }[]; xTitle: string; title: string }): VegaLiteSpec {
  const last = args.rows[args.rows.length - 1];
  return intervalRows({ rows: args.rows, reference: last ? last.estimate : null, xTitle: args.xTitle, title: args.title, color: OKABE_ITO[2] });
}
