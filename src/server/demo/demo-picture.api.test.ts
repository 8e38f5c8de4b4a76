import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer, testIds } from '../../../test/support/server.js';
import { seedDemo } from './demo.service.js';
import { yesterdayAt1430 } from './demo-picture.js';

describe('yesterdayAt1430', () => {
  it('is 14:30 on the wall clock of the day before, summer or winter', () => {
    expect(yesterdayAt1430(new Date('2026-11-29T08:00:00Z'), 'Europe/Stockholm').toISOString()).toBe(
      '2026-11-28T13:30:00.000Z',
    );
    expect(yesterdayAt1430(new Date('2026-07-01T23:30:00Z'), 'Europe/Stockholm').toISOString()).toBe(
      '2026-07-01T12:30:00.000Z',
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: the demo's approved picture`, () => {
    let server: TestServer;
    beforeEach(async () => {
      server = await startTestServer(dialect);
    });
    afterEach(async () => server.close());

    it('holds one picture approved by the staff yesterday at 14:30, built from the demo, never changed since', async () => {
      await seedDemo(server.db, { clock: server.clock, config: server.config, ids: testIds('demo') });
      const reader = await signIn(server, { role: 'observer' });
      const list = (await reader.get('/api/pictures')).body.pictures;
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({
        version: 1,
        approved_at: '2026-11-28T13:30:00.000Z',
        approved_by_label: 'stab@demo.sjovik.se',
        exercise: false,
      });
      const { picture } = (await reader.get(`/api/pictures/${list[0].id}`)).body;
      expect(picture.content.units.length).toBeGreaterThan(5);
      expect(picture.content.recovery.total).toBeGreaterThan(10);
      // The decisions recorded by then, and the head hash of the decision log at that moment.
      expect(picture.content.decisions.length).toBeGreaterThan(0);
      expect(picture.decision_head).toMatch(/^[0-9a-f]{64}$/);
      const draft = (await reader.get('/api/picture')).body;
      expect(draft.last_approved.id).toBe(list[0].id);
      expect(draft.picture.changes.since_version).toBe(1);
      const logged = await server.db.selectFrom('event_log').select('at').where('kind', '=', 'picture').execute();
      expect(logged).toEqual([{ at: '2026-11-28T13:30:00.000Z' }]);
    });
  });
}
