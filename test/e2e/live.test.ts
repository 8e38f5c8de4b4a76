// Live updates in Chromium: a staff member watches the systems list while a system is added elsewhere (as
// the command line would, outside this server's units of work): the row appears without a reload. Logging
// out then ends the stream without a single console error (no refused reconnect).
import { beforeAll, expect, it } from 'vitest';
import { CLI_ACTOR, createSystem } from '../../src/server/catalogue/catalogue.service.js';
import { unitOfWork } from '../../src/server/tx.js';
import { createUserWithPassword } from '../../src/server/users/users.service.js';
import { LoginPage } from './pages/login-page.js';
import { SystemsPage } from './pages/systems-page.js';
import { describeBrowser } from './support/harness.js';
import { WAIT_MS } from './support/page-model.js';

const PASSWORD = 'a long test password 42';
const EMAIL = 'stina@live.test';

describeBrowser(
  'live: pages follow changes made elsewhere',
  (e2e) => {
    beforeAll(async () => {
      const env = e2e();
      await env.db.transaction().execute(async (trx) => {
        await createUserWithPassword(trx, env.deps, {
          email: EMAIL,
          name: 'Stina Stab',
          role: 'staff',
          password: PASSWORD,
        });
        await createSystem(trx, env.deps, CLI_ACTOR, { id: 'bas', name: 'Bassystemet', kind: 'infrastructure' });
      });
    });

    it('shows a system added elsewhere without a reload, and logs nothing when the stream ends', async () => {
      const env = e2e();
      const page = await env.newPage();
      await (await new LoginPage(page, env).goto()).logIn(EMAIL, PASSWORD);
      const list = await new SystemsPage(page, env).goto();
      expect(await list.shownNames()).toEqual(['Bassystemet']);
      await list.checkA11y('the systems list, following live events');

      // Written straight to the database (no poke): the server's poll or NOTIFY finds it.
      await unitOfWork({ db: env.db }, (trx) =>
        createSystem(trx, env.deps, CLI_ACTOR, { id: 'ny', name: 'Nya systemet', kind: 'application' }),
      );
      await expect.poll(() => list.shownNames(), { timeout: WAIT_MS }).toEqual(['Bassystemet', 'Nya systemet']);

      await page.getByRole('button', { name: 'Logga ut' }).click();
      await new LoginPage(page, env).ready();
      const refused = await fetch(`${env.baseUrl}/api/events`, { headers: { accept: 'text/event-stream' } });
      expect(refused.status).toBe(401);
      env.assertNoConsoleErrors(page);
    });
  },
  { totpRequiredFor: [] },
);
