import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { hasBasicAuth, startHttp, startSmtp } from '../../../test/support/peers.js';
import { startTestServer, type TestServer, testIds } from '../../../test/support/server.js';
import type { Role } from '../../domain/roles.js';
import { claimDue, findMessage } from '../../store/outgoing/outgoing.repository.js';
import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import { unitOfWork } from '../tx.js';
import { enqueue } from './enqueue.js';
import { NOT_PUBLIC_MESSAGE } from './webhook-address.js';
import { CLEARED_BODY, createOutgoingWorker, type OutgoingWorker } from './worker.js';

const SMTP_USER = 'lifeboat';
const SMTP_PASS = 'smtp-pa55-word';
const SMS_USER = 'u1234';
const SMS_PASS = 'gateway-s3cret';
const SECOND = 1000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: the outgoing queue against local peers`, () => {
    let server: TestServer;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    // The gateway answers with whatever the test queues up, then 201.
    const gatewayAnswers: number[] = [];
    let gateway: Awaited<ReturnType<typeof startHttp>>;
    let hooks: Awaited<ReturnType<typeof startHttp>>;
    let worker: OutgoingWorker;
    const clients = {} as Record<Role, ApiClient>;
    let channels: Config['channels'];

    beforeAll(async () => {
      smtp = await startSmtp(SMTP_USER, SMTP_PASS);
      gateway = await startHttp(() => gatewayAnswers.shift() ?? 201);
      hooks = await startHttp(() => 200);
      channels = {
        smtp: { url: `smtp://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${smtp.port}`, from: 'lifeboat@kommun.example' },
        sms: { url: `${gateway.url}/a1/sms`, from: 'Lifeboat', user: SMS_USER, password: SMS_PASS },
        maxAttempts: 4,
        timeoutMs: 5000,
        // The partners' receivers listen on this machine, which webhooks may reach only when allowed.
        webhookAllow: ['127.0.0.1/32'],
      };
      server = await startTestServer(dialect, { channels }, { outgoing: { enabled: false } });
      worker = createOutgoingWorker(
        { db: server.db, config: server.config, clock: server.clock, ids: testIds('w1') },
        { enabled: false, random: () => 0.5, workerId: 'w1' },
      );
      for (const role of ['admin', 'staff', 'observer', 'communicator'] as Role[])
        clients[role] = await signIn(server, { role });
    });
    afterAll(async () => {
      await server?.close();
      await smtp?.close();
      await gateway?.close();
      await hooks?.close();
    });

    it('sends a test e-mail to the SMTP server, logs the attempt and shows it on the channel', async () => {
      const res = await clients.admin.post('/api/outgoing/test', {
        channel: 'email',
        recipient: 'duty@kommun.example',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.message).toMatchObject({ channel: 'email', purpose: 'test', state: 'pending', attempts: 0 });
      expect(res.body.message.body).toBeUndefined();
      expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
      expect(smtp.inbox).toHaveLength(1);
      expect(smtp.inbox[0]).toMatchObject({
        user: SMTP_USER,
        from: 'lifeboat@kommun.example',
        to: ['duty@kommun.example'],
      });
      expect(smtp.inbox[0]?.data).toContain('Subject: Lifeboat: test');
      const list = await clients.admin.get('/api/outgoing/messages');
      const sent = list.body.messages.find((m: { id: string }) => m.id === res.body.message.id);
      expect(sent).toMatchObject({ state: 'sent', attempts: 1, last_error: null });
      expect(sent.attempt_log).toEqual([expect.objectContaining({ ok: true, error: null })]);
      const states = await clients.admin.get('/api/outgoing/channels');
      expect(states.status).toBe(200);
      const email = states.body.channels.find((c: { name: string }) => c.name === 'email');
      expect(email).toMatchObject({ configured: true, from: 'lifeboat@kommun.example', sent: 1 });
      expect(email.last_success_at).toBe(server.clock().toISOString());
      expect(JSON.stringify(states.body)).not.toContain(SMTP_PASS);
      expect(JSON.stringify(states.body)).not.toContain(SMS_PASS);
      // Nothing is sent twice.
      expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    });

    it('posts an SMS to the gateway as a form with basic auth', async () => {
      const before = gateway.received.length;
      const res = await clients.admin.post('/api/outgoing/test', { channel: 'sms', recipient: '+46 70-123 45 67' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.message.recipient).toBe('+46701234567');
      expect(await worker.runOnce()).toMatchObject({ sent: 1 });
      const got = gateway.received[before];
      expect(got?.method).toBe('POST');
      expect(got?.url).toBe('/a1/sms');
      expect(got?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(got && hasBasicAuth(got, SMS_USER, SMS_PASS)).toBe(true);
      const form = new URLSearchParams(got?.body);
      expect(form.get('from')).toBe('Lifeboat');
      expect(form.get('to')).toBe('+46701234567');
      expect(form.get('message')).toContain('Lifeboat');
    });

    it('retries a gateway answering 500 with back-off, logging each attempt, until it succeeds', async () => {
      gatewayAnswers.push(500, 500);
      const before = gateway.received.length;
      const res = await clients.admin.post('/api/outgoing/test', { channel: 'sms', recipient: '+46701112233' });
      const id = res.body.message.id as string;
      const start = server.clock().getTime();
      expect(await worker.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
      let m = await findMessage(server.db, id);
      // 30 s, with the jitter at its middle.
      expect(m).toMatchObject({ state: 'pending', attempts: 1 });
      expect(m?.nextAttemptAt).toBe(new Date(start + 30 * SECOND).toISOString());
      expect(m?.lastError).toContain('500');
      expect(m?.lastError).not.toContain(SMS_PASS);
      // Not due yet: nothing happens.
      server.clock.advance(29 * SECOND);
      expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
      server.clock.advance(1 * SECOND);
      expect(await worker.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
      m = await findMessage(server.db, id);
      expect(m?.nextAttemptAt).toBe(new Date(start + 30 * SECOND + 120 * SECOND).toISOString());
      server.clock.advance(120 * SECOND);
      expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
      expect(gateway.received.length - before).toBe(3);
      const list = await clients.admin.get('/api/outgoing/messages?state=sent');
      const sent = list.body.messages.find((x: { id: string }) => x.id === id);
      expect(sent.attempt_log.map((a: { ok: boolean }) => a.ok)).toEqual([false, false, true]);
      expect(sent.attempt_log[0].error).toContain('500');
      expect(sent.last_error).toBeNull();
    });

    it('gives up after the last attempt, and "retry now" queues it again', async () => {
      gatewayAnswers.push(503, 503, 503, 503);
      const res = await clients.admin.post('/api/outgoing/test', { channel: 'sms', recipient: '+46709998877' });
      const id = res.body.message.id as string;
      for (let i = 0; i < 4; i++) {
        expect(await worker.runOnce()).toMatchObject({ claimed: 1 });
        server.clock.advance(10 * 60 * SECOND);
      }
      expect(await findMessage(server.db, id)).toMatchObject({ state: 'failed', attempts: 4 });
      const channelsRes = await clients.admin.get('/api/outgoing/channels');
      const sms = channelsRes.body.channels.find((c: { name: string }) => c.name === 'sms');
      expect(sms.failed).toBe(1);
      expect(sms.last_error).toContain('503');
      expect((await clients.staff.post(`/api/outgoing/messages/${id}/retry`)).status).toBe(403);
      const retried = await clients.admin.post(`/api/outgoing/messages/${id}/retry`);
      expect(retried.status).toBe(200);
      expect(retried.body.message).toMatchObject({ state: 'pending', attempts: 0 });
      expect((await clients.admin.post(`/api/outgoing/messages/${id}/retry`)).status).toBe(409);
      expect((await clients.admin.post('/api/outgoing/messages/nope/retry')).status).toBe(404);
      expect(await worker.runOnce()).toMatchObject({ sent: 1 });
    });

    it('sends a message claimed by a crashed worker once its claim has expired', async () => {
      const res = await clients.admin.post('/api/outgoing/test', {
        channel: 'email',
        recipient: 'crash@kommun.example',
      });
      const now = server.clock();
      const taken = await unitOfWork({ db: server.db }, (trx) =>
        claimDue(trx, {
          now: now.toISOString(),
          until: new Date(now.getTime() + 60 * SECOND).toISOString(),
          worker: 'crashed',
          channels: ['email'],
          limit: 10,
        }),
      );
      expect(taken.map((m) => m.id)).toEqual([res.body.message.id]);
      // The crashed server never sends it; while its claim holds nobody else does either.
      expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
      server.clock.advance(61 * SECOND);
      const inboxBefore = smtp.inbox.length;
      expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
      expect(smtp.inbox.slice(inboxBefore).map((m) => m.to)).toEqual([['crash@kommun.example']]);
    });

    it('signs a webhook with the subscription secret over the timestamp and the raw body', async () => {
      const secret = 'whsec-0123456789';
      await server.db
        .insertInto('subscriptions')
        .values({
          id: 'sub-1',
          kind: 'webhook',
          address: `${hooks.url}/hook`,
          lang: 'sv',
          state: 'active',
          token_hash: 'h-sub-1',
          secret,
          created_at: server.clock().toISOString(),
          confirmed_at: server.clock().toISOString(),
        })
        .execute();
      const body = JSON.stringify({ notice: { slug: 'vatten', title: 'Vattnet' } });
      await unitOfWork({ db: server.db }, (trx) =>
        enqueue(
          trx,
          { clock: server.clock, ids: () => 'hook-msg-1' },
          {
            channel: 'webhook',
            purpose: 'notice',
            recipient: `${hooks.url}/hook`,
            body,
            meta: { subscription_id: 'sub-1' },
          },
        ),
      );
      expect(await worker.runOnce()).toMatchObject({ sent: 1 });
      const got = hooks.received.at(-1);
      expect(got?.body).toBe(body);
      expect(got?.headers['content-type']).toBe('application/json');
      expect(got?.headers['x-lifeboat-delivery']).toBe('hook-msg-1');
      const timestamp = String(got?.headers['x-lifeboat-timestamp']);
      expect(timestamp).toBe(String(server.clock().getTime() / 1000));
      const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
      expect(got?.headers['x-lifeboat-signature']).toBe(expected);
      // A wrong secret does not verify.
      const forged = `sha256=${createHmac('sha256', 'other').update(`${timestamp}.${body}`).digest('hex')}`;
      expect(got?.headers['x-lifeboat-signature']).not.toBe(forged);
    });

    // A notice for subscription sub-1's webhook (made above) with an empty body, queued under `id`.
    const enqueueWebhook = (id: string, recipient: string) =>
      unitOfWork({ db: server.db }, (trx) =>
        enqueue(
          trx,
          { clock: server.clock, ids: () => id },
          { channel: 'webhook', purpose: 'notice', recipient, body: '{}', meta: { subscription_id: 'sub-1' } },
        ),
      );

    it('refuses a webhook to a non-http address without retrying', async () => {
      await enqueueWebhook('hook-msg-2', 'file:///etc/passwd');
      expect(await worker.runOnce()).toMatchObject({ failed: 1 });
      expect(await findMessage(server.db, 'hook-msg-2')).toMatchObject({ state: 'failed', attempts: 1 });
    });

    it('fails a webhook to an inner network at once, without connecting or retrying, and says why', async () => {
      // Allowed: 127.0.0.1 (the receivers of these tests). Not allowed: any other private address.
      await enqueueWebhook('hook-msg-inner', 'http://10.9.9.9/hook');
      expect(await worker.runOnce()).toMatchObject({ failed: 1 });
      expect(await findMessage(server.db, 'hook-msg-inner')).toMatchObject({
        state: 'failed',
        attempts: 1,
        lastError: NOT_PUBLIC_MESSAGE,
      });
    });

    it('sends a live invitation link by SMS and forgets the link once sent', async () => {
      const made = await clients.admin.post('/api/users', {
        email: 'new.reporter@kommun.example',
        name: 'Ny Rapportör',
        role: 'observer',
      });
      expect(made.status, JSON.stringify(made.body)).toBe(200);
      const userId = made.body.user.id as string;
      const url = made.body.invitation_url as string;
      const path = `/api/users/${userId}/invitation/sms`;
      expect((await clients.staff.post(path, { invitation_url: url, phone: '+46701234567' })).status).toBe(403);
      const national = await clients.admin.post(path, { invitation_url: url, phone: '070-123 45 67' });
      expect(national.status).toBe(400);
      expect(national.body.error.field).toBe('phone');
      const forged = await clients.admin.post(path, {
        invitation_url: `${url.split('#')[0]}#AAAA-BBBB-CCCC-DDDD-EEEE`,
        phone: '+46701234567',
      });
      expect(forged.status).toBe(404);
      const res = await clients.admin.post(path, { invitation_url: url, phone: '+46 70 123 45 67', lang: 'en' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.message).toMatchObject({ channel: 'sms', purpose: 'invitation', recipient: '+46701234567' });
      const before = gateway.received.length;
      expect(await worker.runOnce()).toMatchObject({ sent: 1 });
      expect(new URLSearchParams(gateway.received[before]?.body).get('message')).toContain(url);
      const stored = await findMessage(server.db, res.body.message.id);
      expect(stored?.body).toBe(CLEARED_BODY);
      expect(JSON.stringify(await clients.admin.get('/api/outgoing/messages'))).not.toContain(url.split('#')[1]);
      // The link still works: sending it did not use it up.
      expect((await clients.admin.post(path, { invitation_url: url, phone: '+46701234567' })).status).toBe(200);
    });

    it('lets only an administrator see and use the channels', async () => {
      for (const role of ['staff', 'observer', 'communicator'] as Role[]) {
        expect((await clients[role].get('/api/outgoing/channels')).status).toBe(403);
        expect((await clients[role].get('/api/outgoing/messages')).status).toBe(403);
        expect(
          (await clients[role].post('/api/outgoing/test', { channel: 'email', recipient: 'x@kommun.example' })).status,
        ).toBe(403);
      }
      const bad = await clients.admin.post('/api/outgoing/test', { channel: 'email', recipient: 'not an address' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe('recipient');
    });

    it('leaves messages of a channel that is not configured waiting, and a restarted app sends what was pending', async () => {
      const bare = await startTestServer(dialect, {}, { outgoing: { enabled: false } });
      try {
        const admin = await signIn(bare, { role: 'admin' });
        const res = await admin.post('/api/outgoing/test', { channel: 'email', recipient: 'later@kommun.example' });
        expect(res.status).toBe(200);
        const idle = createOutgoingWorker(
          { db: bare.db, config: bare.config, clock: bare.clock, ids: testIds('w3') },
          { enabled: false, workerId: 'w3' },
        );
        expect(await idle.runOnce()).toMatchObject({ claimed: 0 });
        const states = await admin.get('/api/outgoing/channels');
        expect(states.body.channels.find((c: { name: string }) => c.name === 'email')).toMatchObject({
          configured: false,
          pending: 1,
        });
        // The first app goes away; a new one on the same database, now configured, sends it by itself.
        await bare.app.close();
        const inboxBefore = smtp.inbox.length;
        const again = await buildApp({
          db: bare.db,
          config: { ...bare.config, channels },
          clock: bare.clock,
          ids: testIds('r'),
          logger: false,
          outgoing: { enabled: true, workerId: 'restarted', intervalMs: 50 },
        });
        await again.ready();
        try {
          await expect.poll(() => smtp.inbox.length, { timeout: 10_000 }).toBe(inboxBefore + 1);
          expect(smtp.inbox.at(-1)?.to).toEqual(['later@kommun.example']);
          await expect.poll(async () => (await findMessage(bare.db, res.body.message.id))?.state).toBe('sent');
        } finally {
          await again.close();
        }
      } finally {
        await bare.close();
      }
    });
  });
}
