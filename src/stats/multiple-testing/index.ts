export { pAdjust, type PAdjustMethod } from './p-adjust.ts';
