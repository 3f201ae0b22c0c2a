export { sampleForFigure, type FigureSample } from './sample-for-figure.ts';
