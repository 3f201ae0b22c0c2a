export { pseudonymize } from './pseudonymize.ts';
