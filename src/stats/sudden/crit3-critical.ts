/**
 * Criterion 3's fixed critical value (crit3Adjust: false): 2.776, the two-sided α = .05 t critical
 * value for df = 4 (three sessions before and three after; Tang & DeRubeis, 1999; qt(.975, 4) =
 * 2.7764), as suddengains' default.
 */
export const CRIT3_CRITICAL = 2.776;
