// Measures the dependency graph's draw time in Chromium (bench/README.md): from asking for the systems to
// the first frame with the graph drawn, as the page itself records it in `data-draw-ms`. After
// `npm run build`:  npx tsx test/e2e/support/graph-bench.ts [CATALOGUE.json] [REPEATS]
// Without a catalogue it measures the demo (60 systems); bench/gen-catalogue.mjs makes larger ones.
import fs from 'node:fs';
import type { Catalogue } from '../../../src/domain/catalogue/types.js';
import { seedDemo } from '../../../src/server/demo/demo.service.js';
import { replaceCatalogue } from '../../../src/store/catalogue/catalogue.repository.js';
import { startE2E } from './harness.js';
import { WAIT_MS } from './page-model.js';

const [file, repeats = '5'] = process.argv.slice(2);
const e2e = await startE2E({ totpRequiredFor: [], context: { viewport: { width: 1440, height: 900 } } });
if (!e2e) throw new Error('Chromium is needed for the bench');
try {
  const accounts = await seedDemo(e2e.db, e2e.deps);
  if (file) {
    const catalogue = JSON.parse(fs.readFileSync(file, 'utf8')) as Catalogue;
    await e2e.db.transaction().execute((trx) => replaceCatalogue(trx, catalogue, new Date().toISOString()));
  }
  const admin = accounts.find((a) => a.role === 'admin');
  if (!admin) throw new Error('the demo has no admin account');
  const page = await e2e.newPage();
  await page.goto(`${e2e.baseUrl}/app/login`);
  await page.getByLabel(/^(E-postadress|E-mail address|Email)/i).fill(admin.email);
  await page.getByLabel(/^(Lösenord|Password)/i).fill(admin.password);
  await page.getByRole('button', { name: /^(Logga in|Log in)$/ }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'), { timeout: WAIT_MS });
  const draws: number[] = [];
  for (let k = 0; k < Number(repeats); k++) {
    await page.goto(`${e2e.baseUrl}/app/plan/graph`);
    const graph = page.locator('[data-draw-ms]');
    await graph.waitFor({ state: 'attached', timeout: 60_000 });
    draws.push(Number(await graph.getAttribute('data-draw-ms')));
    console.log('worker', await graph.getAttribute('data-layout-ms'));
  }
  const nodes = await page.getByTestId('dependency-graph').locator('a').count();
  draws.sort((a, b) => a - b);
  console.log(`${nodes} systems: draw ms ${draws.join(', ')}; median ${draws[Math.floor(draws.length / 2)]}`);
  e2e.assertNoConsoleErrors(page);
} finally {
  await e2e.close();
}
