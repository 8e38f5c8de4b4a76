// Mutation testing of the planner and the catalogue validation (issue 12, part 9; bench/README.md,
// "Mutation testing"). Not part of `npm test` nor of CI: it takes tens of minutes on two CPUs.
//
//   npm run mutation                                          # every area below
//   MUTATION_AREA=catalogue npm run mutation                  # one area (its own report and incremental file)
//   MUTATION_FILE=src/domain/plan/random.ts npm run mutation  # one file (likewise)
//   npm run mutation -- --mutate src/domain/plan/dates.ts     # one file, ad hoc
//
// Results: reports/mutation/<area>.html (and .json); the incremental file beside them lets a rerun
// test only the mutants whose code or tests changed. All of reports/ is gitignored: it is per
// machine, like coverage/, and a committed incremental file would conflict on every merge.

/** The areas in scope, each a list of files to mutate. */
const AREAS = {
  // The planner's model, schedule and explanations.
  plan: [
    'src/domain/plan/schedule.ts',
    'src/domain/plan/model.ts',
    'src/domain/plan/priority.ts',
    'src/domain/plan/explain.ts',
    'src/domain/plan/what-if.ts',
    'src/domain/plan/dates.ts',
    'src/domain/plan/random.ts',
    'src/domain/plan/actuals.ts',
    'src/domain/plan/advice.ts',
  ],
  // The Monte Carlo forecast, the learning forecast's posterior and the plan's assembly.
  forecast: ['src/domain/plan/forecast.ts', 'src/domain/plan/learning.ts', 'src/domain/plan/plan.ts'],
  // The catalogue's validation: shape, the rules across fields, and the nesting guard before any parser.
  catalogue: ['src/domain/catalogue/validate.ts', 'src/domain/catalogue/schema.ts', 'src/domain/catalogue/nesting.ts'],
};

const area = process.env.MUTATION_AREA ?? 'all';
if (area !== 'all' && !(area in AREAS)) {
  throw new Error(`MUTATION_AREA must be one of ${Object.keys(AREAS).join(', ')} or all, not ${area}`);
}
// MUTATION_FILE=src/domain/plan/random.ts: one file of an area, with a report of its own, so that a
// long run can go file by file and keep what it has done.
const file = process.env.MUTATION_FILE;
const mutate = file ? [file] : area === 'all' ? Object.values(AREAS).flat() : AREAS[area];
const out = `reports/mutation/${file ? file.replace(/^.*\//, '').replace(/\.ts$/, '') : area}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.stryker.config.ts', related: true },
  mutate,
  coverageAnalysis: 'perTest',
  // No type checker: TypeScript 7 (the Go port) has no compiler API for @stryker-mutator/typescript-checker.
  // A tsconfig that does not exist keeps Stryker from trying to rewrite ours in the sandbox.
  checkers: [],
  tsconfigFile: 'tsconfig.stryker-none.json',
  disableTypeChecks: 'src/**/*.ts',
  // A mutant of the scheduler's loops can loop forever: kill it fast rather than wait.
  timeoutMS: 3000,
  timeoutFactor: 1.5,
  concurrency: 2,
  incremental: true,
  incrementalFile: `${out}-incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${out}.html` },
  jsonReporter: { fileName: `${out}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: null },
  // What the tests never read stays out of the sandbox copy.
  ignorePatterns: ['dist', 'data', 'data-demo', 'coverage', 'test-results', '.bench', 'test/e2e', 'docs'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
