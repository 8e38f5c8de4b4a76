// Retakes docs/screenshot.png: the demo municipality, logged in as its administrator, on a page of the
// staff UI. Run after `npm run build`:  npx tsx test/e2e/support/screenshot.ts [/app/path] [out.png]
import path from 'node:path';
import { seedDemo } from '../../../src/server/demo/demo.service.js';
import { startE2E, WEB_ROOT } from './harness.js';
import { WAIT_MS } from './page-model.js';

const [target = '/app/systems', out = path.resolve(WEB_ROOT, '../../docs/screenshot.png')] = process.argv.slice(2);

// The demo asks for no second factor, as `serve --demo` does.
const e2e = await startE2E({ totpRequiredFor: [], context: { viewport: { width: 1440, height: 900 } } });
if (!e2e) throw new Error('Chromium is needed for the screenshot');
try {
  const accounts = await seedDemo(e2e.db, e2e.deps);
  const admin = accounts.find((a) => a.role === 'admin');
  if (!admin) throw new Error('the demo has no admin account');
  const page = await e2e.newPage();
  await page.goto(`${e2e.baseUrl}/app/login`);
  await page.getByLabel(/^(E-postadress|E-mail address|Email)/i).fill(admin.email);
  await page.getByLabel(/^(Lösenord|Password)/i).fill(admin.password);
  await page.getByRole('button', { name: /^(Logga in|Log in)$/ }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'), { timeout: WAIT_MS });
  await page.goto(`${e2e.baseUrl}${target}`);
  await page.getByRole('heading', { level: 1 }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: out });
  e2e.assertNoConsoleErrors(page);
  console.log(`${out}: ${page.url()}`);
} finally {
  await e2e.close();
}
