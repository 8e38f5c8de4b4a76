import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer, testIds } from '../../../test/support/server.js';
import { seedDemo } from './demo.service.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: the demo's needs`, () => {
    let server: TestServer;
    beforeEach(async () => {
      server = await startTestServer(dialect);
    });
    afterEach(async () => server.close());

    it('seeds needs of several units in every status, with owners and logs; the reporter sees its own', async () => {
      const accounts = await seedDemo(server.db, { clock: server.clock, config: server.config, ids: testIds('demo') });
      const login = async (role: string) => {
        const a = accounts.find((x) => x.role === role);
        return signIn(server, { email: a?.email ?? '', password: a?.password ?? '' });
      };
      const staff = await login('staff');
      const list = (await staff.get('/api/needs')).body;
      expect(list.incident).not.toBeNull();
      // Six raised on their own in every status (demo-needs.ts), and four new ones from the units' reports (demo-situation.ts).
      expect(list.counts).toEqual({ new: 6, accepted: 1, in_progress: 1, fulfilled: 1, declined: 1 });
      expect(list.needs[0]).toMatchObject({ urgency: 'critical', status: 'in_progress', owner_name: 'Isak Återstart' });
      expect(new Set(list.needs.map((n: { unit_id: string }) => n.unit_id)).size).toBeGreaterThan(3);
      const fulfilled = list.needs.find((n: { status: string }) => n.status === 'fulfilled');
      const detail = (await staff.get(`/api/needs/${fulfilled.id}`)).body;
      expect(detail.changes).toHaveLength(4);
      expect(detail.changes.at(-1).note).toContain('Skyltarna');
      const reporter = await login('reporter');
      const own = (await reporter.get('/api/needs')).body.needs;
      expect(own.map((n: { unit_id: string }) => n.unit_id)).toEqual(['vof', 'vof', 'vof']);
    });
  });
}
