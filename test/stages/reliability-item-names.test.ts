// reliability names a constant item by its column name. An audit found the task subscale of the
// WAI-SR (wai1, wai2, wai10, wai12) noted "item 4 has zero variance" when wai12 was constant: the
// kernel's position within the subscale, which is no column of the data. Expectation: the notes of
// wai_task and wai_total name wai12 and no "item <number>".
import { afterAll, expect, it } from 'vitest';
import type { ScaleReliability } from '../../src/stages/reliability.ts';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

const p = tempProject();
afterAll(() => p.dispose());

it('the note of a scale with a constant item names the item column', async () => {
  let s = 11;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const header = ['patient', 'session', ...Array.from({ length: 12 }, (_, i) => `wai${i + 1}`)];
  const rows = Array.from({ length: 30 }, (_, i) => [`P${i + 1}`, 1, ...Array.from({ length: 11 }, () => 1 + Math.floor(rand() * 5)), 3].join(','));
  p.write('sessions.csv', [header.join(','), ...rows].join('\n') + '\n');
  const out = await runSpecText(
    p.dir,
    `name: r
stages:
  - { id: sessions, type: ingest, file: sessions.csv }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai }] }
  - { id: reliability, type: reliability, from: scored }
`,
  );
  const scales = (out.results.reliability as { scales: ScaleReliability[] }).scales;
  for (const name of ['task', 'total']) {
    const note = scales.find((x) => x.scale === name)!.note ?? '';
    expect(note).toContain('wai12 has zero variance');
    expect(note).not.toMatch(/item \d/);
  }
});
