// Every invalid spec under test/fixtures/specs/invalid/ states on its first line the spec path and the
// message its error must carry (`# expect: <path> | <message part>`); the error must also give a YAML line.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError, SpecErrors } from '../../src/engine/errors.ts';
import { validatePipeline } from '../../src/engine/run-pipeline.ts';
import { loadSpec } from '../../src/spec/load-spec.ts';
import { REPO } from '../helpers/temp-project.ts';

const dir = join(REPO, 'test/fixtures/specs/invalid');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

async function errorsOf(file: string): Promise<SpecError[]> {
  try {
    await validatePipeline(loadSpec(file));
  } catch (e) {
    if (e instanceof SpecErrors) return e.errors;
    if (e instanceof SpecError) return [e];
    throw e;
  }
  return [];
}

describe('invalid specs are rejected with a located message', () => {
  it('has at least 15 fixtures', () => expect(files.length).toBeGreaterThanOrEqual(15));
  it.each(files)('%s', async (f) => {
    const path = join(dir, f);
    const m = /^# expect: (.*?) \| (.*)$/m.exec(readFileSync(path, 'utf8'));
    expect(m, 'fixture has an expect line').not.toBeNull();
    const [, specPath, message] = m!;
    const errors = await errorsOf(path);
    expect(errors.length).toBeGreaterThan(0);
    const hit = errors.find((e) => e.specPath === specPath.trim() && e.message.includes(message.trim()));
    expect(hit, `errors were: ${errors.map((e) => `${e.specPath}: ${e.message}`).join(' ; ')}`).toBeDefined();
    expect(hit!.line, 'YAML line').toBeGreaterThan(0);
  });

  it('reports every problem at once', async () => {
    const yaml = readFileSync(join(dir, 'unknown-stage-type.yaml'), 'utf8').replace('name: bad', 'name: bad\nsede: 3');
    const { parseSpecText } = await import('../../src/spec/load-spec.ts');
    let caught: unknown;
    try {
      parseSpecText(yaml, join(dir, 'x.yaml'));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SpecErrors);
    expect((caught as SpecErrors).errors.length).toBeGreaterThanOrEqual(1);
  });
});
