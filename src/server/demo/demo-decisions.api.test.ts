import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer, testIds } from '../../../test/support/server.js';
import { verifyDecisionChain } from '../../store/decisions/decisions.repository.js';
import { seedDemo } from './demo.service.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: the demo's decision log`, () => {
    let server: TestServer;
    beforeEach(async () => {
      server = await startTestServer(dialect);
    });
    afterEach(async () => server.close());

    it('holds believable decisions in the past, one corrected by a later entry, on a chain that verifies', async () => {
      await seedDemo(server.db, { clock: server.clock, config: server.config, ids: testIds('demo') });
      const reader = await signIn(server, { role: 'observer' });
      const { decisions, head } = (await reader.get('/api/decisions?order=seq')).body;
      expect(decisions.length).toBeGreaterThanOrEqual(3);
      const now = server.clock().toISOString();
      for (const d of decisions) {
        expect(d.decided_at <= d.recorded_at && d.recorded_at <= now).toBe(true);
        expect(d.mandate.length).toBeGreaterThan(0);
        expect(d.systems.length).toBeGreaterThan(0);
        expect(d.recorded_by_label).toBe('stab@demo.sjovik.se');
      }
      const corrected = decisions.filter((d: { corrected_by: string[] }) => d.corrected_by.length > 0);
      expect(corrected).toHaveLength(1);
      const fix = decisions.find((d: { id: string }) => d.id === corrected[0].corrected_by[0]);
      expect(fix.corrects).toBe(corrected[0].id);
      expect(fix.seq).toBeGreaterThan(corrected[0].seq);
      expect(await verifyDecisionChain(server.db, { expectedHead: head.hash })).toMatchObject({ ok: true });
      const logged = await server.db.selectFrom('event_log').select('id').where('kind', '=', 'decision').execute();
      expect(logged).toHaveLength(decisions.length);
    });
  });
}
