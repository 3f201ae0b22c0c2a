export { olsBand, type BandPoint } from './ols-band.ts';
