import { csv, HEADER, row, rows, spec, withCell, type FailCase } from './harness.ts';

const S = spec();
const withRows = (...extra: string[][]) => csv([...rows(), ...extra]);
const replaceCell = (r: number, col: string, value: string) => csv(withCell(r, col, value));
const noAlliance = () => rows().map((r) => r.map((c, k) => (HEADER[k].startsWith('wai') ? '' : c)));

/** Bad input files: each must stop `alliance run` with exit status 1 and one located message. */
export const dataCases: FailCase[] = [
  { name: 'empty file', files: { 'pipeline.yaml': S, 'data.csv': '' }, mentions: ['data.csv', /empty/] },
  { name: 'header only', files: { 'pipeline.yaml': S, 'data.csv': `${HEADER.join(',')}\n` }, mentions: ['data.csv', /no data rows/] },
  { name: 'header only, no newline', files: { 'pipeline.yaml': S, 'data.csv': HEADER.join(',') }, mentions: ['data.csv', /no data rows/] },
  { name: 'header and blank lines', files: { 'pipeline.yaml': S, 'data.csv': `${HEADER.join(',')}\r\n\r\n\n` }, mentions: ['data.csv', /no data rows/] },
  { name: 'only blank lines', files: { 'pipeline.yaml': S, 'data.csv': '\n\n\n' }, mentions: ['data.csv', /empty/] },
  {
    name: 'missing mapped column with did-you-mean',
    files: { 'pipeline.yaml': spec('    columns: { patient: client_id }'), 'data.csv': csv(rows(), { header: HEADER.map((h) => (h === 'patient' ? 'clientid' : h)) }) },
    mentions: ['pipeline.yaml', 'stages[0].columns.patient', "'client_id'", "Did you mean 'clientid'?"],
  },
  {
    name: 'no patient column',
    files: { 'pipeline.yaml': S, 'data.csv': csv(rows(), { header: HEADER.map((h) => (h === 'patient' ? 'patient_id' : h)) }) },
    mentions: ['stages[0].columns.patient', "Did you mean 'patient_id'?"],
  },
  {
    name: 'duplicate column names',
    files: { 'pipeline.yaml': S, 'data.csv': csv(rows(), { header: HEADER.map((h) => (h === 'wai2' ? 'wai1' : h)) }) },
    mentions: ['data.csv', "'wai1'", /columns 6 and 7/],
  },
  {
    name: 'header column without a name',
    files: { 'pipeline.yaml': S, 'data.csv': csv(rows(), { header: HEADER.map((h) => (h === 'site' ? '' : h)) }) },
    mentions: ['data.csv', /column 1 has no name/],
  },
  { name: 'duplicate patient × session', files: { 'pipeline.yaml': S, 'data.csv': withRows(row('P2', 2)) }, mentions: ['data.csv', 'lines 6 and 14', "column 'session'", "'P2'", 'session 2'] },
  {
    name: 'WAI-SR item value 6',
    files: { 'pipeline.yaml': S, 'data.csv': replaceCell(4, 'wai7', '6') },
    mentions: ['data.csv', 'line 6', "column 'wai7'", /value 6 .*Working Alliance Inventory – Short Revised/, /1–5/, /invalid: missing/],
  },
  { name: 'PHQ-9 item value 4', files: { 'pipeline.yaml': S, 'data.csv': replaceCell(7, 'phq4', '4') }, mentions: ['data.csv', 'line 9', "column 'phq4'", /value 4 .*Patient Health Questionnaire-9/, /0–3/] },
  { name: 'WAI-SR item value 0', files: { 'pipeline.yaml': S, 'data.csv': replaceCell(0, 'wai1', '0') }, mentions: ['data.csv', 'line 2', "column 'wai1'", /value 0/] },
  { name: 'negative item value', files: { 'pipeline.yaml': S, 'data.csv': replaceCell(11, 'phq9', '-1') }, mentions: ['data.csv', 'line 13', "column 'phq9'", /value -1/] },
  { name: 'fractional item value', files: { 'pipeline.yaml': S, 'data.csv': replaceCell(2, 'phq1', '1.5') }, mentions: ['data.csv', 'line 4', "column 'phq1'", /whole numbers/] },
  { name: 'non-numeric cell', files: { 'pipeline.yaml': S, 'data.csv': replaceCell(3, 'wai3', 'abc') }, mentions: ['data.csv', 'line 5', "column 'wai3'", "'abc' is not a number", /text:/] },
  { name: 'R-style NA cell', files: { 'pipeline.yaml': S, 'data.csv': replaceCell(3, 'wai3', 'NA') }, mentions: ['data.csv', 'line 5', "column 'wai3'", "'NA'", /empty cells/] },
  { name: 'negative session', files: { 'pipeline.yaml': S, 'data.csv': replaceCell(1, 'session', '-2') }, mentions: ['data.csv', 'line 3', "column 'session'", /-2 is not a whole number/] },
  { name: 'fractional session', files: { 'pipeline.yaml': S, 'data.csv': replaceCell(1, 'session', '2.5') }, mentions: ['data.csv', 'line 3', "column 'session'", /2\.5 is not a whole number/] },
  { name: 'empty session', files: { 'pipeline.yaml': S, 'data.csv': replaceCell(6, 'session', '') }, mentions: ['data.csv', 'line 8', "column 'session'", /empty/] },
  { name: 'text session', files: { 'pipeline.yaml': S, 'data.csv': replaceCell(6, 'session', 'S3') }, mentions: ['data.csv', 'line 8', "column 'session'", /whole numbers/] },
  { name: 'empty patient id', files: { 'pipeline.yaml': S, 'data.csv': replaceCell(9, 'patient', ' ') }, mentions: ['data.csv', 'line 11', "column 'patient'", /empty/] },
  {
    name: 'wrong delimiter declared',
    files: { 'pipeline.yaml': spec("    delimiter: ','"), 'data.csv': csv(rows(), { delimiter: ';' }) },
    mentions: ['stages[0].columns.patient', /is the delimiter right\?/],
  },
  {
    name: 'tab file read with a semicolon delimiter',
    files: { 'pipeline.yaml': spec("    delimiter: ';'"), 'data.csv': csv(rows(), { delimiter: '\t' }) },
    mentions: ['stages[0].columns.patient', /is the delimiter right\?/],
  },
  { name: 'truncated final line', files: { 'pipeline.yaml': S, 'data.csv': `${withRows().trimEnd()}\nS1,T1,P9,CBT,1,4,4` }, mentions: ['data.csv', 'line 14', /expected 26 fields but found 7/] },
  { name: 'extra field on a line', files: { 'pipeline.yaml': S, 'data.csv': withRows([...row('P9', 1), '7']) }, mentions: ['data.csv', 'line 14', /expected 26 fields but found 27/] },
  { name: 'unclosed quote', files: { 'pipeline.yaml': S, 'data.csv': withRows().replace('\nS1,T1,P3,', '\nS1,T1,"P3,') }, mentions: ['data.csv', /line \d+/, /quote/] },
  {
    name: '10 MB single field',
    files: { 'pipeline.yaml': spec('    text: [note]'), 'data.csv': csv([[...row('P1', 1), 'x'.repeat(10 * 1024 * 1024)], [...row('P1', 2), 'ok']], { header: [...HEADER, 'note'] }) },
    mentions: ['data.csv', 'line 2', /longer than 8 MiB/],
  },
  {
    name: 'Latin-1 bytes in a UTF-8 file',
    files: { 'pipeline.yaml': S, 'data.csv': Buffer.concat([Buffer.from(withRows()), Buffer.from('S1,T1,J'), Buffer.from([0xfc]), Buffer.from(`rg,CBT,1${',4'.repeat(12)}${',1'.repeat(9)}\n`)]) },
    mentions: ['data.csv', 'line 14', /UTF-8/],
  },
  {
    name: 'decimal comma without the decimal option',
    files: { 'pipeline.yaml': S, 'data.csv': csv(rows().map((r, i) => [...r, i === 2 ? '3,5' : '2']), { header: [...HEADER, 'weight'] }) },
    mentions: ['data.csv', 'line 4', "column 'weight'", "'3,5'", "set `decimal: ','`"],
  },
  {
    name: "decimal comma with decimal: '.' declared (semicolon file)",
    files: { 'pipeline.yaml': spec("    decimal: '.'"), 'data.csv': csv(rows().map((r, i) => [...r, i === 2 ? '3,5' : '2']), { header: [...HEADER, 'weight'], delimiter: ';' }) },
    mentions: ['data.csv', 'line 4', "column 'weight'", "set `decimal: ','`"],
  },
  {
    name: 'UTF-16 file (Excel "Unicode Text")',
    files: { 'pipeline.yaml': S, 'data.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(withRows(), 'utf16le')]) },
    mentions: ['data.csv', /UTF-16/, /CSV UTF-8/],
  },
  { name: 'Excel workbook named .csv', files: { 'pipeline.yaml': S, 'data.csv': Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(300, 1)]) }, mentions: ['data.csv', /Excel workbook/] },
  { name: 'session number 1e300', files: { 'pipeline.yaml': S, 'data.csv': replaceCell(3, 'session', '1e300') }, mentions: ['data.csv', 'line 5', "column 'session'", /from 0 to 100000/] },
  { name: "session number 'inf'", files: { 'pipeline.yaml': S, 'data.csv': replaceCell(3, 'session', 'inf') }, mentions: ['data.csv', 'line 5', "column 'session'", /Infinity/] },
  {
    name: "'NaN' in a numeric column",
    files: { 'pipeline.yaml': S, 'data.csv': csv(rows().map((r, i) => [...r, i === 5 ? 'NaN' : '1.5']), { header: [...HEADER, 'weight'] }) },
    mentions: ['data.csv', 'line 7', "column 'weight'", /not a finite number/],
  },
  {
    name: 'column names differing only in case',
    files: { 'pipeline.yaml': S, 'data.csv': csv(rows(), { header: HEADER.map((h) => (h === 'site' ? 'Patient' : h)) }) },
    mentions: ['data.csv', "'Patient' and 'patient'", /upper\/lower case/, /columns 1 and 3/],
  },
  { name: "a file column named '_row'", files: { 'pipeline.yaml': S, 'data.csv': csv(rows(), { header: HEADER.map((h) => (h === 'site' ? '_row' : h)) }) }, mentions: ['data.csv', /column 1 is named '_row'/] },
  {
    name: 'mapped session column while the file also has one named session',
    files: { 'pipeline.yaml': spec('    columns: { session: visit }'), 'data.csv': csv(rows().map((r) => [...r, r[4]]), { header: [...HEADER, 'visit'] }) },
    mentions: ['stages[0].columns.session', "'visit'", "also has a column named 'session'"],
  },
  {
    name: 'session dates that are not dates',
    files: {
      'pipeline.yaml': spec('    columns: { date: when }'),
      'data.csv': csv(rows().map((r, i) => [...r.filter((_, k) => HEADER[k] !== 'session'), i === 4 ? '03/02/2024' : `2024-01-0${(i % 3) + 1}`]), { header: [...HEADER.filter((h) => h !== 'session'), 'when'] }),
    },
    mentions: ['data.csv', 'line 6', "column 'when'", "'03/02/2024' is not a date", /YYYY-MM-DD/],
  },
  { name: 'JSON input with text where a number belongs', files: { 'pipeline.yaml': S.replace('data.csv', 'data.json'), 'data.json': JSON.stringify(rows().map((r, i) => Object.fromEntries(HEADER.map((h, k) => [h, /^(wai|phq)/.test(h) ? Number(r[k]) : h === 'session' && i === 1 ? 'two' : r[k]])))) }, mentions: ['data.json', "column 'session'", "'two' is not a number"] },
  { name: 'malformed JSON input', files: { 'pipeline.yaml': spec().replace('data.csv', 'data.json'), 'data.json': '[{"patient": "P1", "session": 1,' }, mentions: ['data.json', /JSON/] },
  { name: 'input file missing', files: { 'pipeline.yaml': spec().replace('data.csv', 'nope.csv') }, mentions: ['stages[0].file', 'nope.csv', /not found/] },
  { name: 'input is a folder', files: { 'pipeline.yaml': spec().replace('data.csv', 'sub'), 'sub/x.txt': 'x' }, mentions: ['stages[0].file', /is a folder/] },
  {
    name: 'all-missing alliance',
    files: { 'pipeline.yaml': S, 'data.csv': csv(noAlliance()) },
    mentions: ['data.csv', "column 'wai1'", /no Working Alliance .* item was answered in any of the 12 rows/, /wai1…wai12/],
  },
  {
    name: 'too few patients for a correlation',
    files: {
      'pipeline.yaml': spec('', '  - id: ao\n    type: correlate\n    from: patients\n    pairs: [{ x: wai_total_mean, y: phq_total_improvement }]\n'),
      'data.csv': csv(rows().slice(0, 6)),
    },
    mentions: ['stages[3]', "stage 'ao'", /pairs/],
  },
  {
    name: '--strict turns an exclusion into an error',
    files: { 'pipeline.yaml': S.replace('{ instrument: wai-sr, prefix: wai }', '{ instrument: wai-sr, prefix: wai, invalid: missing }'), 'data.csv': replaceCell(4, 'wai7', '6') },
    args: ['run', 'pipeline.yaml', '--out', 'out', '--quiet', '--strict'],
    mentions: ['--strict', 'stages[1]', "'scored'", 'wai7', /out-of-range/, /without --strict/],
  },
];
