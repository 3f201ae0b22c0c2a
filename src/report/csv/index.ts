export { csvText, tableToCsv } from './table-to-csv.ts';
