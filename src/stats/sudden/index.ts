export { averageCourse, type AverageCourse } from './average-course.ts';
export { averageCourseAt } from './average-course-at.ts';
export { CourseMoments } from './course-moments.ts';
export { CRIT3_CRITICAL } from './crit3-critical.ts';
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
