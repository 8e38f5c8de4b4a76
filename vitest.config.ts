import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts'],
          exclude: ['src/**/*.api.test.ts', 'src/**/*.db.test.ts'],
          setupFiles: ['test/support/fast-check.setup.ts'],
          // Property tests of a few hundred cases take a few seconds; a loaded CI box must not fail them on time.
          testTimeout: 20000,
        },
      },
      {
        test: {
          name: 'api',
          include: ['src/**/*.api.test.ts', 'src/**/*.db.test.ts', 'test/cli/**/*.test.ts'],
          setupFiles: ['test/support/fast-check.setup.ts'],
          testTimeout: 30000,
          hookTimeout: 60000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60000,
          hookTimeout: 120000,
          fileParallelism: false,
        },
      },
    ],
  },
});
