export { patientSummaries, type PatientSummaries, type AllianceSummaries, type SortedSessionRows } from './patient-summaries.ts';
