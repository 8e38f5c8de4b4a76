import { defineConfig } from 'vitest/config';

// The unit tests Stryker runs against each mutant (stryker.config.mjs): the domain's unit tests only,
// and of those only the ones that import the mutated file (the runner's `related` mode). No database,
// no server, no browser: a mutant must be judged in seconds, on a busy two-CPU machine.
export default defineConfig({
  test: {
    name: 'unit',
    include: ['src/domain/**/*.test.ts'],
    setupFiles: ['test/support/fast-check.setup.ts'],
    // As the unit project: the catalogue's 200,000-system cycle test runs past 5 s when instrumented.
    testTimeout: 20000,
  },
});
