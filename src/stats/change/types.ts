/** Which end of a scale is healthy: symptom scales (OQ-45, PHQ-9) are 'lower-is-better'. */
export type Direction = 'lower-is-better' | 'higher-is-better';
