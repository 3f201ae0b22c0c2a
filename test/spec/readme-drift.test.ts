// The README's stage reference is generated from the registry (`npm run schema`); it must not drift.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stageDocs } from '../../src/spec/stage-docs.ts';
import { stageRegistry } from '../../src/stages/registry.ts';
import { REPO } from '../helpers/temp-project.ts';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

describe('README', () => {
  it('stage reference between the stages markers equals the generated one (run `npm run schema`)', () => {
    const block = readme.slice(readme.indexOf('<!-- stages:begin -->') + '<!-- stages:begin -->'.length, readme.indexOf('<!-- stages:end -->'));
    expect(block.trim()).toBe(stageDocs().trim());
  });
  it('documents every stage and names the two setup commands', () => {
    for (const t of stageRegistry.keys()) expect(readme).toContain(`### \`${t}\``);
    expect(readme).toContain('npm ci && npx alliance run pipelines/demo.yaml');
    expect(readme).toContain('npm test');
  });
});
