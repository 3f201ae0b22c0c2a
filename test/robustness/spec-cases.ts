import { csv, rows, spec, type FailCase } from './harness.ts';

const DATA = csv(rows());
const derive = (expression: string, name = 'x') => `  - id: d\n    type: derive\n    from: scored\n    columns:\n      ${name}: ${JSON.stringify(expression)}\n`;
const V = (name: string, yaml: string, mentions: (string | RegExp)[], extraArgs: string[] = []): FailCase => ({
  name,
  files: { 'pipeline.yaml': yaml, 'data.csv': DATA },
  args: ['validate', 'pipeline.yaml', ...extraArgs],
  mentions,
});

/** Spec problems: `alliance validate` must name the spec path (and YAML line) of each. */
export const specCases: FailCase[] = [
  V('unknown instrument', spec().replace('instrument: phq-9', 'instrument: phq-10'), ['pipeline.yaml, line 12', 'stages[1].instruments[1].instrument', "'phq-10'", "Did you mean 'phq-9'?"]),
  V('misspelled stage type', spec().replace('type: score', 'type: scroe'), ['pipeline.yaml, line 8', 'stages[1].type', "'scroe'", "Did you mean 'score'?"]),
  V('misspelled stage option', spec().replace('instruments:', 'instrumnets:'), ['stages[1].instrumnets', "Did you mean 'instruments'?"]),
  V('misspelled ingest option', spec('    delimeter: ";"'), ['stages[0].delimeter', "Did you mean 'delimiter'?"]),
  V('invalid YAML: unclosed flow mapping', spec().replace('{ instrument: phq-9, prefix: phq }', '{ instrument: phq-9, prefix: phq'), ['pipeline.yaml, line 13', /invalid YAML/, /fix this one first/]),
  V('invalid YAML: bad indentation', spec().replace('    from: sessions', '   from: sessions'), ['pipeline.yaml, line 9', /invalid YAML/]),
  V('invalid YAML: tab indentation', spec().replace('    from: sessions', '\tfrom: sessions'), ['pipeline.yaml, line 9', /invalid YAML: Tabs/]),
  V('empty spec file', '', ['pipeline.yaml', /`name` and `stages`/]),
  V('spec is a list', '- a\n- b\n', ['pipeline.yaml, line 1', /mapping/]),
  V('duplicate YAML key', spec().replace('    from: sessions', '    from: sessions\n    from: sessions'), ['pipeline.yaml, line 10', /keys must be unique/]),
  V('unknown from reference', spec().replace('from: scored', 'from: scord'), ['stages[2].from', "'scord'", "Did you mean 'scored'?"]),
  V('duplicate stage ids', spec().replace('id: patients', 'id: scored'), ['stages[2].id', "'scored'"]),
  V('unknown outcome column', spec().replace('outcome: phq_total', 'outcome: phq_totl'), ['stages[2].outcome', "'phq_totl'", "Did you mean 'phq_total'?"]),
  V('unknown alliance column', spec().replace('alliance: [wai_total]', 'alliance: [wai_bnd]'), ['stages[2].alliance[0]', "'wai_bnd'", "Did you mean 'wai_bond'?"]),
  V('item pattern names missing columns', spec().replace('{ instrument: phq-9, prefix: phq }', "{ instrument: phq-9, prefix: phq, items: 'phq_{i}' }"), ['stages[1].instruments[1].items', "'phq_1'", "Did you mean 'phq1'?"]),
  V('item list of the wrong length', spec().replace('{ instrument: phq-9, prefix: phq }', '{ instrument: phq-9, prefix: phq, items: [phq1, phq2] }'), ['stages[1].instruments[1].items', /has 9 items but 2/]),
  V('prefix used twice', spec().replace('prefix: phq', 'prefix: wai'), ['stages[1].instruments[1].prefix', /twice/]),
  V('text column not in file', spec('    text: [notes]'), ['stages[0].text', "'notes'", 'data.csv']),
  V('wide separator matches nothing', spec("    wide: { separator: '_s' }"), ['stages[0].wide.separator', "'_s<number>'"]),
  V('unknown parameter reference', spec().replace('file: data.csv', 'file: ${dat}'), ['stages[0].file', "'${dat}'"]),
  V('unknown --param', spec(), ['params', "'nope'", /--param/], ['--param', 'nope=1']),
  { ...V('malformed --param', spec(), [/--param expects name=value/, "'data'"], ['--param', 'data']), status: 2 },
  V('input stage after an analysis stage', `${spec()}  - id: more\n    type: ingest\n    file: data.csv\n`, ['stages[3]', /must come before every analysis stage/]),
  V('wrong option type', spec().replace('alliance: [wai_total]', 'alliance: wai_total'), ['stages[2].alliance', /must be a list \(got 'wai_total'\)/]),
  V('missing required option', spec().replace('    outcome: phq_total\n', ''), ['stages[2]', /missing required option 'outcome'/]),
  V('input path with a NUL byte', spec().replace('file: data.csv', 'file: "data.csv\\0.txt"'), ['stages[0].file', /NUL/]),
  V('derive: expression that does not parse', spec('', derive('wai_total +* 2')), ['pipeline.yaml, line 22', 'stages[3].columns.x', "unexpected '*' at character 12", '"wai_total +* 2"']),
  V('derive: unknown column', spec('', derive('wai_totl / 12')), ['stages[3].columns.x', "unknown column 'wai_totl' at character 1", "'wai_total'"]),
  V('derive: function outside the list', spec('', derive("read_csv('/etc/passwd')")), ['stages[3].columns.x', "unknown function 'read_csv' at character 1", /allowed functions/]),
  V('derive: SQL smuggled in an expression', spec('', derive("wai_total); COPY t_scored TO '/tmp/x.csv'; --")), ['stages[3].columns.x', "unexpected character ';'", /character 11/]),
  V('derive: bad column name', spec('', derive('wai_total', 'Wai Mean')), ['stages[3].columns.Wai Mean', /lower-case letter/]),
  { name: 'spec file missing', files: {}, args: ['validate', 'missing.yaml'], mentions: ['missing.yaml', /ENOENT/] },
];
