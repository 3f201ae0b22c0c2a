import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // readColumns checks that no stage writes into the columns it shares between stages
    env: { ALLIANCE_CHECK_KEPT: '1' },
    // one temporary root for the whole run, removed at its end (test/global-temp-folder.ts)
    globalSetup: ['test/global-temp-folder.ts'],
    // property tests draw from a fixed seed unless FC_SEED says otherwise (test/fast-check-seed.ts)
    setupFiles: ['test/fast-check-seed.ts'],
  },
});
