// Screenshots of many staff pages at 1440×900 and 390×844 with a report of elements wider than the
// viewport at 390 px: for looking at the pages before and after a layout change. After `npm run build`:
//   [SIZES=1280x800,390x844] [FULL=0] [SEL=css] npx tsx test/e2e/support/shots.ts OUT_DIR [/app/path ...]
import path from 'node:path';
import { seedDemo } from '../../../src/server/demo/demo.service.js';
import { startE2E } from './harness.js';
import { WAIT_MS } from './page-model.js';

const [outDir = '/tmp/shots', ...targets] = process.argv.slice(2);
const PATHS = targets.length
  ? targets
  : ['/app', '/app/plan', '/app/plan/graph', '/app/plan/what-if', '/app/systems', '/app/systems/ad', '/app/units'];

const e2e = await startE2E({ totpRequiredFor: [] });
if (!e2e) throw new Error('Chromium is needed for the screenshots');
try {
  const accounts = await seedDemo(e2e.db, e2e.deps);
  const admin = accounts.find((a) => a.role === 'admin');
  if (!admin) throw new Error('the demo has no admin account');
  const sizes = (process.env.SIZES ?? '1440x900,390x844').split(',').map((v) => v.split('x').map(Number));
  for (const [w, h] of sizes) {
    const page = await e2e.newPage({ viewport: { width: w, height: h } });
    await page.goto(`${e2e.baseUrl}/app/login`);
    await page.getByLabel(/^(E-postadress|E-mail address|Email)/i).fill(admin.email);
    await page.getByLabel(/^(Lösenord|Password)/i).fill(admin.password);
    await page.getByRole('button', { name: /^(Logga in|Log in)$/ }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'), { timeout: WAIT_MS });
    for (const target of PATHS) {
      await page.goto(`${e2e.baseUrl}${target}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
      await page.waitForLoadState('networkidle');
      if (target.endsWith('/graph')) await page.getByTestId('dependency-graph').waitFor({ timeout: 30_000 });
      if (process.env.EVAL) console.log(JSON.stringify(await page.evaluate(process.env.EVAL)));
      const name = `${target.replace(/[^a-z0-9]+/gi, '_')}_${w}.png`;
      if (process.env.SEL)
        await page
          .locator(process.env.SEL)
          .first()
          .screenshot({ path: path.join(outDir, name) });
      else await page.screenshot({ path: path.join(outDir, name), fullPage: process.env.FULL !== '0' });
      const wide = await page.evaluate(`(() => {
        const out = [];
        for (const el of document.querySelectorAll('body *')) {
          const r = el.getBoundingClientRect();
          if (r.width === 0) continue;
          let p = el.parentElement, scrolled = false;
          while (p) { const s = getComputedStyle(p); if (/(auto|scroll)/.test(s.overflowX) && p.scrollWidth > p.clientWidth) { scrolled = true; break; } p = p.parentElement; }
          if (!scrolled && (r.right > window.innerWidth + 0.5 || r.left < -0.5)) out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
        }
        return [document.documentElement.scrollWidth, out.slice(0, 8)];
      })()`);
      const ms = await page
        .locator('[data-layout-ms]')
        .getAttribute('data-layout-ms', { timeout: 100 })
        .catch(() => '');
      console.log(`${w} ${target}: ${JSON.stringify(wide)} ${ms ? `graph ${ms} ms` : ''}`);
      try {
        e2e.assertNoConsoleErrors(page);
      } catch (e) {
        console.log(String(e));
      }
    }
  }
} finally {
  await e2e.close();
}
