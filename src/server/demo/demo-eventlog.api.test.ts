import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer, testIds } from '../../../test/support/server.js';
import { listEventLog } from '../../store/eventlog/eventlog.read.js';
import { seedDemo } from './demo.service.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: the demo's event log`, () => {
    let server: TestServer;
    beforeEach(async () => {
      server = await startTestServer(dialect);
    });
    afterEach(async () => server.close());

    it('writes a dozen manual entries by the demo staff about systems and units that exist, none in the future', async () => {
      server.clock.set('2026-12-02T12:00:00.000Z');
      await seedDemo(server.db, { clock: server.clock, config: server.config, ids: testIds('demo') });
      // The demo incident's status history is in the log too; these are the staff's own entries.
      const rows = (await listEventLog(server.db, {}, { limit: 500 })).filter((r) => r.kind === 'manual');
      expect(rows).toHaveLength(12);
      expect(rows.every((r) => r.kind === 'manual' && r.author.endsWith('@demo.sjovik.se') && r.author_user_id)).toBe(
        true,
      );
      expect(rows.every((r) => r.at <= server.clock().toISOString())).toBe(true);
      for (const r of rows) {
        if (r.system_id) expect(r.system_name, r.system_id).not.toBeNull();
        if (r.unit_id) expect(r.unit_name, r.unit_id).not.toBeNull();
      }
      expect(rows.some((r) => r.text?.includes('Länsstyrelsen'))).toBe(true);
    });
  });
}
