export { parseFormula } from './parse-formula.ts';
export { buildModel } from './build-model.ts';
export { lmm } from './lmm.ts';
export type { LmmOptions, LmmRandom, LmmRanef, LmmResult } from './lmm.ts';
export type { FormulaTerm, LmmFixed, MixedData, MixedModel, ParsedFormula, RandomBar, RandomTermModel } from './types.ts';
export { contrastTest } from './contrast-test.ts';
export { satterthwaiteDf } from './satterthwaite-df.ts';
export { contrastTestF } from './contrast-test-f.ts';
export type { ContrastFResult } from './contrast-test-f.ts';
