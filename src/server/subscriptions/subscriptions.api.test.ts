import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, anonymous, signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer, testIds } from '../../../test/support/server.js';
import type { Role } from '../../domain/roles.js';
import type { PublishedNotice } from '../../domain/site/notice.js';
import { deliverPublication } from '../site/deliver.js';
import { unitOfWork } from '../tx.js';
import { SUBSCRIBE_PER_ADDRESS_HOUR } from './subscriptions.routes.js';
import { CONFIRM_RESEND_MS, expirePendingSubscriptions, PENDING_TTL_MS } from './subscriptions.service.js';

const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams: []
units:
  - { id: it, name: IT, kind: office }
systems: []
`;

const MINUTE = 60_000;

interface Page {
  status: number;
  text: string;
  headers: Headers;
}

async function form(server: TestServer, path: string, fields: Record<string, string>, headers = {}): Promise<Page> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

async function page(server: TestServer, path: string): Promise<Page> {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, text: await res.text(), headers: res.headers };
}

async function outgoing(server: TestServer) {
  return server.db.selectFrom('outgoing').selectAll().orderBy('created_at').orderBy('id').execute();
}

async function outgoingIds(server: TestServer): Promise<Set<string>> {
  return new Set((await outgoing(server)).map((m) => m.id));
}

async function subscriptionOf(server: TestServer, address: string) {
  return server.db.selectFrom('subscriptions').selectAll().where('address', '=', address).executeTakeFirst();
}

function h1s(html: string): number {
  return html.match(/<h1[\s>]/g)?.length ?? 0;
}

function confirmTokenIn(body: string): string {
  const m = /\/subscribe\/confirm\?token=([A-Za-z0-9_-]+)/.exec(body);
  if (!m?.[1]) throw new Error(`no confirmation link in ${body}`);
  return m[1];
}

function unsubscribeTokenIn(body: string): string {
  const m = /\/unsubscribe\?token=([A-Za-z0-9_.%-]+)&/.exec(body);
  if (!m?.[1]) throw new Error(`no unsubscribe link in ${body}`);
  return decodeURIComponent(m[1]);
}

const NOTICE: PublishedNotice = {
  id: 'n-1',
  slug: 'vatten-2026-12-02',
  version: 1,
  published_at: '2026-11-29T08:00:00.000Z',
  amended_at: null,
  next_update_at: null,
  original_lang: 'sv',
  texts: {
    sv: {
      title: 'Vattnet är tillbaka',
      body_md:
        'Kranvattnet går att **dricka** igen.\n\n- Koka inte\n- Läs mer på [kommunen](https://example.se/vatten)',
      sms_summary: 'Vattnet är tillbaka.',
      translation_pending: false,
    },
    en: {
      title: 'Water is back',
      body_md: 'You can drink tap water again.',
      sms_summary: '',
      translation_pending: false,
    },
  },
};

for (const dialect of DIALECTS) {
  describe(`${dialect}: subscriptions`, () => {
    let server: TestServer;
    const clients = {} as Record<Role, ApiClient>;
    const ids = testIds('dl');
    const deps = () => ({ clock: server.clock, ids, config: server.config });
    const deliver = (notice: PublishedNotice) =>
      unitOfWork({ db: server.db }, (trx) => deliverPublication(trx, deps(), notice));

    async function subscribeAndConfirm(address: string, lang: 'sv' | 'en'): Promise<void> {
      expect((await form(server, '/subscribe', { email: address, lang })).status).toBe(200);
      const mail = (await outgoing(server)).filter((m) => m.recipient === address && m.purpose === 'confirm').at(-1);
      const token = confirmTokenIn(mail?.body ?? '');
      expect((await form(server, '/subscribe/confirm', { token })).status).toBe(200);
    }

    beforeAll(async () => {
      server = await startTestServer(dialect);
      for (const role of ['admin', 'staff', 'communicator', 'recovery', 'observer'] as Role[]) {
        clients[role] = await signIn(server, { role });
      }
      const res = await clients.admin.post('/api/catalogue/import?replace=true', {
        file_name: 'c.yaml',
        content: CATALOGUE,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      clients.reporter = await signIn(server, { role: 'reporter', unitId: 'it' });
    });
    afterAll(async () => server.close());

    it('shows the subscribe form without script, in the organisation language or ?lang=en', async () => {
      const sv = await page(server, '/subscribe');
      expect(sv.status).toBe(200);
      expect(sv.text).toContain('<html lang="sv">');
      expect(h1s(sv.text)).toBe(1);
      expect(sv.text).not.toContain('<script');
      expect(sv.text).toContain('<form method="post" action="/subscribe?lang=sv">');
      expect(sv.headers.get('content-security-policy')).toMatch(/default-src 'none'; style-src 'sha256-/);
      const en = await page(server, '/subscribe?lang=en');
      expect(en.text).toContain('<html lang="en">');
      expect(en.text).toContain('Get updates by e-mail');
    });

    it('queues a confirmation e-mail with a one-time link; the token is stored only as its hash', async () => {
      const before = await outgoingIds(server);
      const res = await form(server, '/subscribe?lang=en', { email: ' Anna@Example.se ', lang: 'en' });
      expect(res.status).toBe(200);
      expect(res.text).toContain('Check your e-mail');
      const mails = (await outgoing(server)).filter((m) => !before.has(m.id));
      expect(mails).toHaveLength(1);
      const mail = mails[0];
      expect(mail).toMatchObject({ channel: 'email', purpose: 'confirm', recipient: 'anna@example.se' });
      expect(mail?.subject).toBe('Confirm that you want updates from Provstad kommun');
      const token = confirmTokenIn(mail?.body ?? '');
      expect(mail?.body).toContain(`${server.config.publicUrl.replace(/\/$/, '')}/subscribe/confirm?token=${token}`);
      const meta = JSON.parse(mail?.meta ?? '{}');
      expect(meta.headers['List-Unsubscribe']).toMatch(/^<.*\/unsubscribe\?token=.*>$/);
      expect(meta.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      const row = await subscriptionOf(server, 'anna@example.se');
      expect(row).toMatchObject({ kind: 'email', lang: 'en', state: 'pending' });
      expect(JSON.stringify(row)).not.toContain(token);

      // Opening the link (as a mail scanner would) shows a button and confirms nothing.
      const shown = await page(server, `/subscribe/confirm?token=${token}&lang=en`);
      expect(shown.status).toBe(200);
      expect(shown.text).toContain(`name="token" value="${token}"`);
      expect((await subscriptionOf(server, 'anna@example.se'))?.state).toBe('pending');

      const confirmed = await form(server, '/subscribe/confirm?lang=en', { token });
      expect(confirmed.status).toBe(200);
      expect(confirmed.text).toContain('You are now subscribed');
      expect((await subscriptionOf(server, 'anna@example.se'))?.state).toBe('active');
      // A second click says the same and changes nothing.
      expect((await form(server, '/subscribe/confirm', { token })).status).toBe(200);
    });

    it('answers the same page whatever the address, and resends to a pending one at most every 10 minutes', async () => {
      const fresh = await form(server, '/subscribe', { email: 'bo@example.se', lang: 'sv' });
      const active = await form(server, '/subscribe', { email: 'anna@example.se', lang: 'sv' });
      const again = await form(server, '/subscribe', { email: 'bo@example.se', lang: 'sv' });
      expect(fresh.status).toBe(200);
      expect(active.text).toBe(fresh.text);
      expect(again.text).toBe(fresh.text);
      const toBo = () => outgoing(server).then((all) => all.filter((m) => m.recipient === 'bo@example.se'));
      expect(await toBo()).toHaveLength(1);
      expect((await outgoing(server)).filter((m) => m.recipient === 'anna@example.se')).toHaveLength(1);

      const first = confirmTokenIn((await toBo())[0]?.body ?? '');
      server.clock.advance(CONFIRM_RESEND_MS + MINUTE);
      expect((await form(server, '/subscribe', { email: 'bo@example.se', lang: 'sv' })).text).toBe(fresh.text);
      const mails = await toBo();
      expect(mails).toHaveLength(2);
      // Only the latest link works.
      expect((await page(server, `/subscribe/confirm?token=${first}`)).status).toBe(404);
      const second = confirmTokenIn(mails[1]?.body ?? '');
      expect((await page(server, `/subscribe/confirm?token=${second}`)).status).toBe(200);
    });

    it('refuses what is not an e-mail address with the form again, and a bad link with a page', async () => {
      const res = await form(server, '/subscribe', { email: 'inte en adress', lang: 'sv' });
      expect(res.status).toBe(200);
      expect(res.text).toContain('Skriv en e-postadress');
      expect(res.text).toContain('aria-invalid="true"');
      expect(res.text).toContain('value="inte en adress"');
      expect(h1s(res.text)).toBe(1);
      const bad = await page(server, '/subscribe/confirm?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      expect(bad.status).toBe(404);
      expect(bad.text).toContain('Länken fungerar inte');
      expect((await form(server, '/subscribe/confirm', { token: 'x' })).status).toBe(404);
      expect((await page(server, '/unsubscribe')).status).toBe(404);
    });

    it('refuses a POST from another site, and takes one from its own', async () => {
      const foreign = await form(server, '/subscribe', { email: 'c@example.se' }, { origin: 'https://evil.example' });
      expect(foreign.status).toBe(403);
      expect(await subscriptionOf(server, 'c@example.se')).toBeUndefined();
      const own = await form(server, '/subscribe', { email: 'c@example.se' }, { origin: server.url });
      expect(own.status).toBe(200);
      expect(await subscriptionOf(server, 'c@example.se')).toBeDefined();
    });

    it('deletes pending subscriptions nobody confirmed within 7 days', async () => {
      await form(server, '/subscribe', { email: 'old@example.se' });
      // The row is aged, not the clock: seven days on, every test session would have ended.
      const age = (ms: number) =>
        server.db
          .updateTable('subscriptions')
          .set({ created_at: new Date(server.clock().getTime() - ms).toISOString() })
          .where('address', '=', 'old@example.se')
          .execute();
      await age(PENDING_TTL_MS - MINUTE);
      expect(await expirePendingSubscriptions(server.db, server.clock())).toBe(0);
      expect(await subscriptionOf(server, 'old@example.se')).toBeDefined();
      await age(PENDING_TTL_MS + MINUTE);
      expect(await expirePendingSubscriptions(server.db, server.clock())).toBe(1);
      expect(await subscriptionOf(server, 'old@example.se')).toBeUndefined();
      expect((await subscriptionOf(server, 'anna@example.se'))?.state).toBe('active');
      // Its link dies with it; the next request to subscribe also sweeps.
      await form(server, '/subscribe', { email: 'old@example.se' });
      await age(PENDING_TTL_MS + MINUTE);
      await form(server, '/subscribe', { email: 'other@example.se' });
      expect(await subscriptionOf(server, 'old@example.se')).toBeUndefined();
    });

    it('delivers a publication: one e-mail per active subscriber in its language, one call per webhook, never twice', async () => {
      await subscribeAndConfirm('sven@example.se', 'sv');
      await form(server, '/subscribe', { email: 'pending@example.se' });
      const hook = await clients.communicator.post('/api/webhooks', {
        name: 'Grannkommunen',
        url: 'https://grannkommunen.example/hook',
      });
      expect(hook.status).toBe(200);
      const before = await outgoingIds(server);
      await deliver(NOTICE);
      await deliver(NOTICE); // a retried unit of work
      const queued = (await outgoing(server)).filter((m) => !before.has(m.id));
      const emails = queued.filter((m) => m.channel === 'email');
      expect(emails.map((m) => m.recipient).sort()).toEqual(['anna@example.se', 'sven@example.se']);
      expect(emails.every((m) => m.purpose === 'notice')).toBe(true);

      const sven = emails.find((m) => m.recipient === 'sven@example.se');
      expect(sven?.subject).toBe('Vattnet är tillbaka');
      expect(sven?.body).toContain('Kranvattnet går att dricka igen.');
      expect(sven?.body).toContain('- Läs mer på kommunen (https://example.se/vatten)');
      expect(sven?.body).toContain(`${server.config.publicUrl.replace(/\/$/, '')}/updates/vatten-2026-12-02\n`);
      const anna = emails.find((m) => m.recipient === 'anna@example.se');
      expect(anna?.subject).toBe('Water is back');
      expect(anna?.body).toContain('/updates/vatten-2026-12-02?lang=en');
      expect(anna?.body).toContain('No more updates? Unsubscribe here:');
      expect(JSON.parse(anna?.meta ?? '{}').headers['List-Unsubscribe']).toContain('/unsubscribe?token=');

      const calls = queued.filter((m) => m.channel === 'webhook');
      expect(calls).toHaveLength(1);
      expect(calls[0]?.recipient).toBe('https://grannkommunen.example/hook');
      expect(JSON.parse(calls[0]?.meta ?? '{}')).toEqual({ subscription_id: hook.body.webhook.id });
      expect(JSON.parse(calls[0]?.body ?? '{}')).toEqual({
        type: 'notice.published',
        id: 'n-1',
        slug: 'vatten-2026-12-02',
        version: 1,
        published_at: NOTICE.published_at,
        amended_at: null,
        url: `${server.config.publicUrl.replace(/\/$/, '')}/updates/vatten-2026-12-02`,
        texts: NOTICE.texts,
      });
      expect(calls[0]?.dedupe_key).toBe(`notice:n-1:1:${hook.body.webhook.id}`);

      // An amendment goes out again; an English text still pending falls back to the Swedish.
      const amended: PublishedNotice = {
        ...NOTICE,
        version: 2,
        amended_at: '2026-11-29T09:00:00.000Z',
        texts: {
          ...NOTICE.texts,
          en: { ...(NOTICE.texts.en as PublishedNotice['texts'][string]), translation_pending: true },
        },
      };
      const mid = await outgoingIds(server);
      await deliver(amended);
      const second = (await outgoing(server)).filter((m) => !mid.has(m.id));
      expect(second).toHaveLength(3);
      expect(second.find((m) => m.recipient === 'anna@example.se')?.subject).toBe('Changed: Vattnet är tillbaka');
      expect(JSON.parse(second.find((m) => m.channel === 'webhook')?.body ?? '{}').type).toBe('notice.amended');
      await clients.communicator.delete(`/api/webhooks/${hook.body.webhook.id}`);
    });

    it('unsubscribes with the link of any e-mail, deleting the address; one click from a mail client too', async () => {
      const mails = (await outgoing(server)).filter((m) => m.purpose === 'notice' && m.channel === 'email');
      const token = unsubscribeTokenIn(mails.find((m) => m.recipient === 'sven@example.se')?.body ?? '');
      const shown = await page(server, `/unsubscribe?token=${encodeURIComponent(token)}`);
      expect(shown.status).toBe(200);
      expect(h1s(shown.text)).toBe(1);
      expect(await subscriptionOf(server, 'sven@example.se')).toBeDefined();
      const done = await form(server, '/unsubscribe', { token });
      expect(done.status).toBe(200);
      expect(done.text).toContain('Du prenumererar inte längre');
      expect(await subscriptionOf(server, 'sven@example.se')).toBeUndefined();
      expect((await form(server, '/unsubscribe', { token })).text).toBe(done.text);

      // A forged token (another id with this MAC) does nothing.
      const annaToken = unsubscribeTokenIn(mails.find((m) => m.recipient === 'anna@example.se')?.body ?? '');
      const forged = `x${annaToken}`;
      await form(server, '/unsubscribe', { token: forged });
      expect(await subscriptionOf(server, 'anna@example.se')).toBeDefined();

      const oneClick = await form(server, `/unsubscribe?token=${encodeURIComponent(annaToken)}`, {
        'List-Unsubscribe': 'One-Click',
      });
      expect(oneClick.status).toBe(200);
      expect(await subscriptionOf(server, 'anna@example.se')).toBeUndefined();
    });

    it('gives subscribers of one language the same e-mail, each with its own unsubscribe link', async () => {
      await subscribeAndConfirm('ett@example.se', 'sv');
      await subscribeAndConfirm('tva@example.se', 'sv');
      const before = await outgoingIds(server);
      await deliver({ ...NOTICE, id: 'n-2', slug: 'el-2026-12-02' });
      const mails = (await outgoing(server)).filter((m) => !before.has(m.id) && m.channel === 'email');
      const one = mails.find((m) => m.recipient === 'ett@example.se');
      const two = mails.find((m) => m.recipient === 'tva@example.se');
      const links = [unsubscribeTokenIn(one?.body ?? ''), unsubscribeTokenIn(two?.body ?? '')];
      expect(links[0]).not.toBe(links[1]);
      const text = (body = '') => body.slice(0, body.indexOf('/unsubscribe?token='));
      expect(text(one?.body)).toContain('Kranvattnet går att dricka igen.');
      expect(text(one?.body)).toBe(text(two?.body));
      expect(one?.subject).toBe(two?.subject);
    });

    describe('webhooks API', () => {
      it('lets admin, staff and communicator manage webhooks; the others are refused', async () => {
        for (const role of ['admin', 'staff', 'communicator'] as Role[]) {
          const res = await clients[role].get('/api/webhooks');
          expect(res.status, role).toBe(200);
          expect(res.body.email).toEqual({ active: expect.any(Number), pending: expect.any(Number) });
          const created = await clients[role].post('/api/webhooks', { name: role, url: `https://${role}.example/h` });
          expect(created.status, role).toBe(200);
          expect((await clients[role].post(`/api/webhooks/${created.body.webhook.id}/test`)).status, role).toBe(200);
          expect((await clients[role].post(`/api/webhooks/${created.body.webhook.id}/secret`)).status, role).toBe(200);
          expect((await clients[role].delete(`/api/webhooks/${created.body.webhook.id}`)).status, role).toBe(204);
        }
        const target = await clients.admin.post('/api/webhooks', { name: 'X', url: 'https://x.example/h' });
        const id = target.body.webhook.id;
        for (const role of ['recovery', 'observer', 'reporter'] as Role[]) {
          const c = clients[role];
          expect((await c.get('/api/webhooks')).status, role).toBe(403);
          expect((await c.post('/api/webhooks', { name: 'n', url: 'https://n.example/' })).status, role).toBe(403);
          expect((await c.post(`/api/webhooks/${id}/secret`)).status, role).toBe(403);
          expect((await c.post(`/api/webhooks/${id}/test`)).status, role).toBe(403);
          expect((await c.delete(`/api/webhooks/${id}`)).status, role).toBe(403);
        }
        expect((await anonymous(server).get('/api/webhooks')).status).toBe(401);
        expect((await clients.admin.get('/api/webhooks')).body.webhooks.map((w: { id: string }) => w.id)).toEqual([id]);
        await clients.admin.delete(`/api/webhooks/${id}`);
      });

      it('shows the secret once: on create and on rotate, never in the list', async () => {
        const created = await clients.staff.post('/api/webhooks', { name: 'Larm', url: 'https://larm.example/in' });
        expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
        const row = await server.db
          .selectFrom('subscriptions')
          .select('secret')
          .where('id', '=', created.body.webhook.id)
          .executeTakeFirstOrThrow();
        expect(row.secret).toBe(created.body.secret);
        const list = await clients.staff.get('/api/webhooks');
        expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
        expect(list.body.webhooks[0]).toEqual({
          id: created.body.webhook.id,
          name: 'Larm',
          url: 'https://larm.example/in',
          created_at: expect.any(String),
        });
        const rotated = await clients.staff.post(`/api/webhooks/${created.body.webhook.id}/secret`);
        expect(rotated.body.secret).not.toBe(created.body.secret);
        const after = await server.db
          .selectFrom('subscriptions')
          .select('secret')
          .where('id', '=', created.body.webhook.id)
          .executeTakeFirstOrThrow();
        expect(after.secret).toBe(rotated.body.secret);

        const before = await outgoingIds(server);
        expect((await clients.staff.post(`/api/webhooks/${created.body.webhook.id}/test`)).body).toEqual({
          queued: true,
        });
        const test = (await outgoing(server)).filter((m) => !before.has(m.id));
        expect(test).toHaveLength(1);
        expect(test[0]).toMatchObject({ channel: 'webhook', purpose: 'test', recipient: 'https://larm.example/in' });
        expect(JSON.parse(test[0]?.meta ?? '{}')).toEqual({ subscription_id: created.body.webhook.id });
        expect(JSON.parse(test[0]?.body ?? '{}').type).toBe('test');

        expect((await clients.staff.delete(`/api/webhooks/${created.body.webhook.id}`)).status).toBe(204);
        expect((await clients.staff.delete(`/api/webhooks/${created.body.webhook.id}`)).status).toBe(404);
        expect((await clients.staff.post(`/api/webhooks/${created.body.webhook.id}/secret`)).status).toBe(404);
      });

      it('takes only https URLs (http only to this machine), without credentials, once each', async () => {
        for (const url of ['http://partner.example/h', 'ftp://x.example/', 'https://u:p@x.example/', 'inte en url']) {
          const res = await clients.admin.post('/api/webhooks', { name: 'N', url });
          expect(res.status, url).toBe(400);
          expect(res.body.error.field, url).toBe('url');
        }
        expect((await clients.admin.post('/api/webhooks', { name: 'N', url: 'https://n.example/h' })).status).toBe(200);
        const dup = await clients.admin.post('/api/webhooks', { name: 'M', url: 'https://n.example/h' });
        expect(dup.status).toBe(409);
      });

      it('refuses an address on this machine or an inner network, unless the operator allows that network', async () => {
        const inner = [
          'http://localhost:8080/h',
          'http://127.0.0.1:8080/h',
          'http://[::1]:8080/h',
          'https://10.1.2.3/h',
          'https://192.168.0.10/h',
          'https://172.20.0.1/h',
          'https://169.254.169.254/latest',
          'https://[fd00::1]/h',
          'https://[::ffff:127.0.0.1]/h',
          'https://0.0.0.0/h',
        ];
        for (const url of inner) {
          const res = await clients.admin.post('/api/webhooks', { name: 'N', url });
          expect([res.status, res.body.error?.field, res.body.error?.message], url).toEqual([
            400,
            'url',
            expect.stringContaining('not a public one'),
          ]);
        }
        const stored = (await clients.admin.get('/api/webhooks')).body.webhooks.map((w: { url: string }) => w.url);
        const refused = new Set(inner.map((u) => new URL(u).toString()));
        expect(stored.filter((u: string) => refused.has(u))).toEqual([]);
        const allowing = await startTestServer(dialect, {
          channels: { ...server.config.channels, webhookAllow: ['127.0.0.1/32', '10.1.0.0/16'] },
        });
        try {
          const admin = await signIn(allowing, { role: 'admin' });
          for (const url of ['http://localhost:8080/h', 'http://127.0.0.1:8080/h', 'https://10.1.2.3/h'])
            expect((await admin.post('/api/webhooks', { name: url, url })).status, url).toBe(200);
          for (const url of ['https://10.2.0.1/h', 'http://[::1]:8080/h'])
            expect((await admin.post('/api/webhooks', { name: url, url })).status, url).toBe(400);
        } finally {
          await allowing.close();
        }
      });
    });
  });
}

describe('subscribe rate limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', {
      rateLimit: { windowMs: 60_000, perCaller: 1e9, perAddress: 1e9, authPerAddress: 3 },
    });
  });
  afterAll(async () => server.close());

  it('answers 429 with the form after as many attempts as a sign-in gets, until the window ends', async () => {
    for (let i = 0; i < 3; i++)
      expect((await form(server, '/subscribe', { email: `r${i}@example.se` })).status).toBe(200);
    const refused = await form(server, '/subscribe', { email: 'r9@example.se' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.text).toContain('För många försök');
    expect(await subscriptionOf(server, 'r9@example.se')).toBeUndefined();
    server.clock.advance(61_000);
    expect((await form(server, '/subscribe', { email: 'r9@example.se' })).status).toBe(200);
  });
});

describe('subscribe rate limit over an hour', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', {
      rateLimit: { windowMs: 60_000, perCaller: 1e9, perAddress: 1e9, authPerAddress: 1e9 },
    });
  });
  afterAll(async () => server.close());

  it(`lets one address ask for ${SUBSCRIBE_PER_ADDRESS_HOUR} confirmations an hour, then answers 429 until the hour ends`, async () => {
    for (let i = 0; i < SUBSCRIBE_PER_ADDRESS_HOUR; i++)
      expect((await form(server, '/subscribe', { email: `h${i}@example.se` })).status).toBe(200);
    const refused = await form(server, '/subscribe', { email: 'late@example.se' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(await subscriptionOf(server, 'late@example.se')).toBeUndefined();
    server.clock.advance(3_601_000);
    expect((await form(server, '/subscribe', { email: 'late@example.se' })).status).toBe(200);
  });
});
