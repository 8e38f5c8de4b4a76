import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer, testIds } from '../../../test/support/server.js';
import { seedDemo } from './demo.service.js';
import { DEMO_CATALOGUE } from './demo-catalogue.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: the demo municipality`, () => {
    let server: TestServer;
    beforeEach(async () => {
      server = await startTestServer(dialect);
    });
    afterEach(async () => server.close());
    const deps = () => ({ clock: server.clock, config: server.config, ids: testIds('demo') });

    it('fills an empty database with Sjövik and one working account per role, and shows them again on the next start', async () => {
      const accounts = await seedDemo(server.db, deps());
      expect(accounts.map((a) => a.role)).toEqual([
        'admin',
        'staff',
        'recovery',
        'communicator',
        'reporter',
        'observer',
      ]);
      expect(new Set(accounts.map((a) => a.password)).size).toBe(6);
      for (const a of accounts) expect(a.email).toMatch(/@demo\.sjovik\.se$/);
      expect(accounts.find((a) => a.role === 'reporter')?.unitId).toBe('vof');

      const login = (a: (typeof accounts)[number]) => signIn(server, { email: a.email, password: a.password });
      const admin = await login(accounts[0]);
      // The demo incident's history moves the statuses on (demo-incident.ts); the rest is the catalogue as written.
      const unstatused = (c: typeof DEMO_CATALOGUE) => ({
        ...c,
        systems: c.systems.map(({ status: _s, remaining_hours: _r, ...rest }) => rest),
      });
      expect(unstatused((await admin.get('/api/catalogue')).body as typeof DEMO_CATALOGUE)).toEqual(
        unstatused(DEMO_CATALOGUE),
      );
      const reporter = await login(accounts[4]);
      expect((await reporter.get('/api/units')).body.units.map((u: { id: string }) => u.id)).toEqual(['vof']);
      const recovery = await login(accounts[2]);
      // The demo has AD back in service; a system can fall back to down at any time.
      expect((await recovery.patch('/api/systems/ad', { status: 'down' })).status).toBe(200);

      // A restart changes nothing and prints the same accounts.
      expect(await seedDemo(server.db, deps())).toEqual(accounts);
      expect((await admin.get('/api/systems/ad')).body.system.status ?? 'down').toBe('down');
      const { users } = (await admin.get('/api/users')).body;
      expect(users).toHaveLength(6);
    });

    it('leaves a database that already holds a catalogue or users alone', async () => {
      const admin = await signIn(server, { role: 'admin' });
      expect(await seedDemo(server.db, deps())).toEqual([]);
      expect((await admin.get('/api/systems')).body.systems).toEqual([]);
    });
  });
}
