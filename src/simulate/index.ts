export { simulate } from './simulate.ts';
export { writeSimulation } from './write-simulation.ts';
export { simulationTruth, type SimulationTruth } from './simulation-truth.ts';
export { csvChunks, CSV_HEADER } from './csv-chunks.ts';
export { resolveSimulateOptions } from './resolve-simulate-options.ts';
export { SIMULATE_DEFAULTS } from './defaults.ts';
export * from './types.ts';
export { SAMPLE_SETS } from './samples.ts';
