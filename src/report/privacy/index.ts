export { pseudonymize } from './pseudonymize.ts';
export { identifierLabels } from './identifier-labels.ts';
