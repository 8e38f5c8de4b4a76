import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer, testIds } from '../../../test/support/server.js';
import { unitOfWork } from '../tx.js';
import { seedDemoOutgoing } from './demo-outgoing.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: the demo's outgoing queue`, () => {
    let server: TestServer;
    beforeEach(async () => {
      server = await startTestServer(dialect, {}, { outgoing: { enabled: false } });
    });
    afterEach(async () => server.close());

    it('seeds a sent test e-mail, a failed SMS with its attempts, and a waiting e-mail', async () => {
      await unitOfWork({ db: server.db }, (trx) =>
        seedDemoOutgoing(trx, { clock: server.clock, ids: testIds('demo') }),
      );
      const admin = await signIn(server, { role: 'admin' });
      const channels = (await admin.get('/api/outgoing/channels')).body.channels;
      expect(channels.find((c: { name: string }) => c.name === 'email')).toMatchObject({
        sent: 1,
        pending: 1,
        failed: 0,
      });
      expect(channels.find((c: { name: string }) => c.name === 'sms')).toMatchObject({
        sent: 0,
        pending: 0,
        failed: 1,
      });
      const messages = (await admin.get('/api/outgoing/messages')).body.messages;
      const sms = messages.find((m: { channel: string }) => m.channel === 'sms');
      expect(sms.attempt_log.map((a: { ok: boolean }) => a.ok)).toEqual([false, false]);
      expect(messages.every((m: { body?: string }) => m.body === undefined)).toBe(true);
    });
  });
}
