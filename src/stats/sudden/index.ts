export { averageCourse, type AverageCourse } from './average-course.ts';
export { patientRuns, type PatientRuns, type SessionSeries } from './patient-runs.ts';
export { scoresAround } from './scores-around.ts';
export {
  suddenGains,
  type SuddenDirection,
  type SuddenGainEvent,
  type SuddenGainsOptions,
  type SuddenGainsResult,
  type SuddenIntervals,
  type SuddenPatients,
  type SuddenSelect,
} from './sudden-gains.ts';
