/**
 * An axis `labelExpr` for a quantitative scale whose values cannot exceed 1 (a correlation, a
 * reliability coefficient): each tick label as the axis formats it (its `format`, or Vega's own
 * choice of digits for the tick step), without the leading zero, as APA asks for such values
 * (APA Publication Manual, 7th ed., §6.36), keeping Vega's true minus sign: ticks read
 * ".5 .6 … 1.0" or "−.2 .0 .2", as the report's tables print α and r.
 * @example { axis: { format: '.1f', labelExpr: NO_LEADING_ZERO_LABELS } } // ticks ".5", ".6", …, "1.0"
 */
export const NO_LEADING_ZERO_LABELS = "replace(datum.label, regexp('^(\u2212?)0[.]'), '$1.')";
