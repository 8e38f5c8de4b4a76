import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startHttp } from '../../../test/support/peers.js';
import { startTestServer, type TestServer, testIds } from '../../../test/support/server.js';
import { type Db, openDatabase } from '../../store/database.js';
import { unitOfWork } from '../tx.js';
import { enqueue } from './enqueue.js';
import { createOutgoingWorker, type RunResult } from './worker.js';

const COUNT = 40;

describe.runIf(DIALECTS.includes('postgres'))('postgres: two workers on one database', () => {
  let server: TestServer;
  let gateway: Awaited<ReturnType<typeof startHttp>>;
  let second: Db;

  beforeAll(async () => {
    // A slow gateway keeps both workers busy at once.
    gateway = await startHttp(() => new Promise((resolve) => setTimeout(() => resolve(201), 5)));
    server = await startTestServer(
      'postgres',
      { channels: { sms: { url: `${gateway.url}/sms`, from: 'Lifeboat' }, maxAttempts: 3, timeoutMs: 5000 } },
      { outgoing: { enabled: false } },
    );
    second = await openDatabase({ kind: 'postgres', url: server.databaseUrl ?? '' });
  });
  afterAll(async () => {
    await second?.destroy();
    await server?.close();
    await gateway?.close();
  });

  it('claims concurrently and sends each message exactly once', async () => {
    const ids = testIds('m');
    for (let i = 0; i < COUNT; i++) {
      await unitOfWork({ db: server.db }, (trx) =>
        enqueue(
          trx,
          { clock: server.clock, ids },
          {
            channel: 'sms',
            purpose: 'test',
            recipient: `+4670000${String(i).padStart(4, '0')}`,
            body: `message ${i}`,
          },
        ),
      );
    }
    const options = { enabled: false, batch: 5 };
    const a = createOutgoingWorker(
      { db: server.db, config: server.config, clock: server.clock, ids: testIds('a') },
      { ...options, workerId: 'a' },
    );
    const b = createOutgoingWorker(
      { db: second, config: server.config, clock: server.clock, ids: testIds('b') },
      { ...options, workerId: 'b' },
    );
    const totals = { a: 0, b: 0 };
    for (;;) {
      const [ra, rb]: RunResult[] = await Promise.all([a.runOnce(), b.runOnce()]);
      totals.a += ra?.sent ?? 0;
      totals.b += rb?.sent ?? 0;
      if ((ra?.claimed ?? 0) + (rb?.claimed ?? 0) === 0) break;
    }
    const recipients = gateway.received.map((r) => new URLSearchParams(r.body).get('to'));
    expect(recipients).toHaveLength(COUNT);
    expect(new Set(recipients).size).toBe(COUNT);
    expect(totals.a + totals.b).toBe(COUNT);
    expect(totals.a).toBeGreaterThan(0);
    expect(totals.b).toBeGreaterThan(0);
    const states = await server.db.selectFrom('outgoing').select('state').execute();
    expect(states.every((s) => s.state === 'sent')).toBe(true);
    const attempts = await server.db.selectFrom('outgoing_attempts').select('message_id').execute();
    expect(attempts).toHaveLength(COUNT);
  });
});
