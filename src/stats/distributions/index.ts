export { pnorm } from './pnorm.ts';
export { qnorm } from './qnorm.ts';
export { pt, ptTwoSided } from './pt.ts';
export { qt } from './qt.ts';
export { pchisq } from './pchisq.ts';
export { qchisq } from './qchisq.ts';
export { pf } from './pf.ts';
export { qf } from './qf.ts';
