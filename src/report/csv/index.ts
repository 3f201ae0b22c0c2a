export { tableToCsv } from './table-to-csv.ts';
