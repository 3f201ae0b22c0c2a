export { momentsByCode, type CodeMoments } from './moments-by-code.ts';
