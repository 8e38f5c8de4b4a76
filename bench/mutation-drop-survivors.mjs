// Drops the surviving (and uncovered) mutants from a Stryker incremental file, so that the next
// `npm run mutation` tests only them again and keeps every killed result (bench/README.md,
// "Mutation testing"). Stryker's Vitest runner reports no test locations, so Stryker cannot see
// that new tests were added and would reuse the old survivors; `--force` retests everything.
//
//   node bench/mutation-drop-survivors.mjs reports/mutation/catalogue-incremental.json [--timeouts]
//
// With --timeouts the timed-out mutants are dropped too: on a loaded machine a slow but correct run
// times out, and a timeout counts as killed, so a quiet rerun of them says which were real.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const statuses = new Set(['Survived', 'NoCoverage', ...(process.argv.includes('--timeouts') ? ['Timeout'] : [])]);
if (!file) {
  console.error('usage: node bench/mutation-drop-survivors.mjs reports/mutation/<name>-incremental.json');
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
let dropped = 0;
let kept = 0;
for (const result of Object.values(report.files)) {
  const before = result.mutants.length;
  // A killed result stays true when tests are only added: its culprit test is still there.
  result.mutants = result.mutants.filter((m) => !statuses.has(m.status));
  dropped += before - result.mutants.length;
  kept += result.mutants.length;
}
writeFileSync(file, JSON.stringify(report));
console.log(`${file}: ${dropped} results dropped (${[...statuses].join(', ')}), to be tested again; ${kept} kept`);
