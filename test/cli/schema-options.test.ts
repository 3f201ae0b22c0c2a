// `alliance schema --markdown --write` printed the Markdown and ignored --write (it rewrote
// nothing); the two ask for different things, so together they are wrong usage (exit 2) and
// nothing is printed or written. Reference: the README's rule that an option is never accepted
// and ignored.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO } from '../helpers/temp-project.ts';

describe('alliance schema options', () => {
  it('--markdown with --write is wrong usage, and the files are left as they are', () => {
    const before = readFileSync(join(REPO, 'src/spec/pipeline.schema.json'), 'utf8');
    const r = cli(['schema', '--markdown', '--write']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--write rewrites src\/spec\/pipeline\.schema\.json and the README stage reference, --markdown prints that reference; give one of them/);
    expect(readFileSync(join(REPO, 'src/spec/pipeline.schema.json'), 'utf8')).toBe(before);
  });

  it('--markdown alone prints the stage reference', () => {
    const r = cli(['schema', '--markdown']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^### /m);
  });
});
