// Public updates in Chromium: communicator A drafts an update in Swedish, watches its LIX and SMS count,
// submits it and is told that someone else must publish; communicator B, on a phone, publishes it; A's open
// editor follows; the A4 notice shows the QR code of the public page. axe checks every page on the way.
import { expect, it } from 'vitest';
import { createUserWithPassword } from '../../src/server/users/users.service.js';
import { NoticePrintPage, NoticesPage } from './pages/notices-pages.js';
import { PlanLoginPage } from './pages/plan-page.js';
import { describeBrowser } from './support/harness.js';
import { WAIT_MS } from './support/page-model.js';

const PASSWORD = 'a long test password 42';
const TITLE = 'Störning i e-posten';
const SHOTS = process.env.NOTICE_SHOTS;

describeBrowser('public updates', (e2e) => {
  it('is drafted and submitted by one communicator, published by another, and printed with a QR code', async () => {
    const env = e2e();
    let n = 0;
    const deps = { clock: env.deps.clock, ids: () => `notices-e2e-${++n}`, config: env.config };
    const now = env.deps.clock().toISOString();
    await env.db
      .insertInto('incidents')
      .values({
        id: 'e2e-incident',
        title: 'Utpressningsvirus',
        detected_at: now,
        phase: 'containment',
        severity: 'high',
        exercise: 0,
        created_at: now,
        created_by: null,
        updated_at: now,
        closed_at: null,
        forecast: null,
      })
      .execute();
    for (const [email, name] of [
      ['anna@notices.test', 'Anna Kommunikatör'],
      ['bo@notices.test', 'Bo Kommunikatör'],
    ]) {
      await env.db
        .transaction()
        .execute((trx) => createUserWithPassword(trx, deps, { email, name, role: 'communicator', password: PASSWORD }));
    }

    const pageA = await env.newPage({ viewport: { width: 1440, height: 900 } });
    await new PlanLoginPage(pageA, env).goto();
    await new PlanLoginPage(pageA, env).logIn('anna@notices.test', PASSWORD);
    const list = await new NoticesPage(pageA, env).goto();
    await list.checkA11y('the public updates, empty');
    const editor = await list.create(TITLE);
    await editor.page
      .getByLabel('Text', { exact: true })
      .fill('Vi har ett problem med e-posten. Kommunen arbetar med att lösa problemet.');
    // LIX as the communicator writes: 12 words, 2 sentences, 5 long words.
    await expect.poll(() => editor.lix().textContent()).toContain('LIX 47,7 – svår');
    await editor.writeText({
      body: 'Mejlen går inte. Ring oss om du vill.',
      sms: 'Sjövik: e-posten fungerar inte. Ring växeln.',
    });
    await expect.poll(() => editor.smsCount().textContent()).toContain('44 av 160 tecken · 1 sms');
    await expect.poll(() => editor.lix().textContent()).toContain('lätt');
    await editor.checkA11y('the editor of a draft');
    await editor.act('Skicka för granskning', 'Meddelandet väntar på granskning.');
    await expect
      .poll(() => editor.refusal().textContent())
      .toBe('Någon annan än du måste publicera: du skrev den senaste texten.');
    expect(await pageA.getByRole('button', { name: 'Publicera', exact: true }).count()).toBe(0);
    await editor.checkA11y('the editor of an update in review, by its author');
    if (SHOTS) await pageA.screenshot({ path: `${SHOTS}/editor_1440.png`, fullPage: true });

    const pageB = await env.newPage({ viewport: { width: 390, height: 844 } });
    await new PlanLoginPage(pageB, env).goto();
    await new PlanLoginPage(pageB, env).logIn('bo@notices.test', PASSWORD);
    const listB = await new NoticesPage(pageB, env).goto();
    const review = await listB.open(TITLE);
    expect(await review.status().textContent()).toBe('Väntar på granskning');
    await review.checkA11y('the editor of an update in review, by a second person, on a phone');
    if (SHOTS) await pageB.screenshot({ path: `${SHOTS}/review_390.png`, fullPage: true });
    await review.act('Publicera', 'Meddelandet är publicerat.');
    await expect.poll(() => review.status().textContent()).toBe('Publicerat');
    await pageB.getByText(/^Version 1, .*, av Bo Kommunikatör$/).waitFor();
    await review.checkA11y('a published update');

    // The author's open editor follows the publication live.
    await expect.poll(() => editor.status().textContent()).toBe('Publicerat');

    // The public address is a link: the second communicator checks the page residents see.
    const editorUrl = pageB.url();
    await pageB.getByRole('link', { name: /\/updates\/storning-i-e-posten$/ }).click();
    await pageB.getByRole('heading', { level: 1, name: TITLE }).waitFor({ timeout: WAIT_MS });
    await env.checkA11y(pageB, 'the published update on the public site, on a phone');
    await pageB.goto(editorUrl);
    await review.status().waitFor({ timeout: WAIT_MS });

    await pageB.getByRole('link', { name: 'Skriv ut som anslag (A4)' }).click();
    const print = await new NoticePrintPage(pageB, env, TITLE).ready();
    await print.qr().waitFor();
    expect(await print.qr().getAttribute('aria-label')).toMatch(/\/updates\/storning-i-e-posten$/);
    expect(await pageB.getByText('Mejlen går inte. Ring oss om du vill.').isVisible()).toBe(true);
    await print.checkA11y('the A4 notice on a phone');
    if (SHOTS) await pageB.screenshot({ path: `${SHOTS}/print_390.png`, fullPage: true });
    await pageA.goto(pageB.url());
    await new NoticePrintPage(pageA, env, TITLE).ready();
    await new NoticePrintPage(pageA, env, TITLE).checkA11y('the A4 notice at 1440');
    if (SHOTS) {
      await pageA.screenshot({ path: `${SHOTS}/print_1440.png`, fullPage: true });
      await pageA.emulateMedia({ media: 'print' });
      await pageA.screenshot({ path: `${SHOTS}/print_media.png`, fullPage: true });
      await pageA.pdf?.({ path: `${SHOTS}/notice.pdf`, format: 'A4' }).catch(() => undefined);
    }
  });
});
