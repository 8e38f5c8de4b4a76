// Tasks and reporting obligations in Chromium: the first administrator (with TOTP) gives a task to a recovery
// engineer, already past its time, and sees it stand out as overdue in words, also on the overview beside the
// next reporting deadline; marks the early warning sent; the engineer then reports the task back from
// "my tasks". axe checks every page on the way.
import { expect, it } from 'vitest';
import { createUserWithPassword } from '../../src/server/users/users.service.js';
import { OverviewPage } from './pages/overview-page.js';
import { PlanLoginPage } from './pages/plan-page.js';
import { SetupPage } from './pages/setup-page.js';
import { ObligationsPage, TasksPage } from './pages/tasks-page.js';
import { describeBrowser } from './support/harness.js';

const PASSWORD = 'a long test password 42';
const HOUR = 3_600_000;

describeBrowser('tasks and reporting obligations', (e2e) => {
  it('creates a task, shows it overdue, marks the early warning sent, and the assignee reports back', async () => {
    const env = e2e();
    let n = 0;
    const deps = { clock: env.deps.clock, ids: () => `tasks-e2e-${++n}`, config: env.config };
    const now = env.deps.clock();
    const setupLink = await env.setupLink();
    // The incident was detected 30 hours ago: the early warning (24 h) is overdue, the notification (72 h) is not.
    await env.db
      .insertInto('incidents')
      .values({
        id: 'e2e-incident',
        title: 'Övning: utpressningsvirus',
        detected_at: new Date(now.getTime() - 30 * HOUR).toISOString(),
        phase: 'containment',
        severity: 'high',
        exercise: 1,
        created_at: now.toISOString(),
        created_by: null,
        updated_at: now.toISOString(),
        closed_at: null,
        forecast: null,
      })
      .execute();

    const page = await env.newPage();
    const enrol = await (await new SetupPage(page, env).open(setupLink)).createAdmin({
      email: 'admin@tasks.test',
      name: 'Ada Admin',
      password: PASSWORD,
    });
    const overview = await (await enrol.confirm(env.totpCode(await enrol.secret()))).done();
    // The set-up page shows its form only while nobody has an account: the engineer comes after.
    await env.db.transaction().execute((trx) =>
      createUserWithPassword(trx, deps, {
        email: 'rita@tasks.test',
        name: 'Rita Recovery',
        role: 'recovery',
        password: PASSWORD,
      }),
    );
    const summary = page.getByTestId('deadline-summary');
    await summary.getByText(/^Försenad: Tidig varning/).waitFor();
    expect(await summary.getByRole('link', { name: 'Inga försenade uppdrag.' }).isVisible()).toBe(true);
    await overview.checkA11y('the overview with its deadlines');

    await overview.navLink('Uppdrag').click();
    const tasks = await new TasksPage(page, env).ready();
    await tasks.checkA11y('the tasks page, empty, with its form');
    await tasks.create({
      title: 'Bekräfta säkerhetskopiorna',
      description: 'Är de senaste kopiorna orörda?',
      assignee: 'Rita Recovery',
      due: '2026-01-15T08:00',
    });
    expect(await tasks.state('Bekräfta säkerhetskopiorna')).toBe('Försenat');
    expect(await page.getByTestId('tasks-overdue').textContent()).toBe('1 försenade uppdrag');
    await tasks.checkA11y('the tasks page with an overdue task');

    await tasks.navLink('Översikt').click();
    await new OverviewPage(page, env).ready();
    await summary.getByRole('link', { name: '1 försenade uppdrag' }).waitFor();

    await tasks.navLink('Rapportering').click();
    const obligations = await new ObligationsPage(page, env).ready();
    expect(await obligations.state('Tidig varning')).toBe('Försenad');
    expect(await obligations.state('Incidentanmälan')).toBe('Ej skickad');
    expect(
      await obligations
        .card('Incidentanmälan')
        .getByText(/^\(1 d 18 h|\(1 d 17 h/)
        .count(),
    ).toBe(1);
    await obligations.checkA11y('the obligations page');
    await obligations.markSent('Tidig varning', 'MCF ärende 2026-77');
    await expect.poll(() => obligations.state('Tidig varning'), { timeout: 15_000 }).toBe('Skickad');
    await obligations.checkA11y('the obligations page with one sent');

    // The assignee, on a phone, reports back from "my tasks".
    const phone = await env.newPage({ viewport: { width: 390, height: 844 } });
    await (await new PlanLoginPage(phone, env).goto()).logIn('rita@tasks.test', PASSWORD);
    const mine = await new TasksPage(phone, env).goto();
    await mine.show('Mina uppdrag');
    expect(await mine.state('Bekräfta säkerhetskopiorna')).toBe('Försenat');
    expect(await phone.getByRole('button', { name: 'Skapa uppdrag' }).count()).toBe(0);
    await mine.checkA11y('my tasks on a phone');
    await mine.reportBack('Bekräfta säkerhetskopiorna', 'Kopiorna från i natt är rena.');
    await expect.poll(() => mine.state('Bekräfta säkerhetskopiorna'), { timeout: 15_000 }).toBe('Återrapporterat');
    await mine.checkA11y('my tasks, reported back');
  });
});
