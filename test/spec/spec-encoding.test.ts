// A pipeline file that is not UTF-8 (saved as Latin-1) is refused with its line: an audit found it
// accepted with the bytes replaced by U+FFFD, which silently changes a column name such as 'Zürich'.
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const p = tempProject();
afterAll(() => p.dispose());

describe('pipeline file encoding', () => {
  it('refuses Latin-1 bytes, naming the file and line (real CLI)', () => {
    const text = 'name: t\nstages:\n  - id: sessions\n    type: ingest\n    file: Z\u00fcrich.csv\n';
    p.write('latin.yaml', Buffer.from(text, 'latin1'));
    const r = cli(['validate', p.path('latin.yaml')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: .*latin\.yaml: pipeline file is not valid UTF-8 \(line 5\); save it as UTF-8\n$/);
  });

  it('reads the same text saved as UTF-8 (control: the error is then about the missing data file)', () => {
    p.write('utf8.yaml', 'name: t\nstages:\n  - id: sessions\n    type: ingest\n    file: Z\u00fcrich.csv\n');
    const r = cli(['validate', p.path('utf8.yaml')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Z\u00fcrich.csv');
    expect(r.stderr).not.toMatch(/UTF-8/);
  });
});
