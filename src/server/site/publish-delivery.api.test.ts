/**
 * Issue 10 end to end: a second person's publish reaches the page, the feeds, the mirror, a real SMTP
 * server's inbox (with an unsubscribe link that works) and a webhook receiver whose signature verifies;
 * a delivery that fails is retried after a restart, once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createUser, signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { type ReceivedMail, startHttp, startSmtp } from '../../../test/support/peers.js';
import { startTestServer, type TestServer, testIds } from '../../../test/support/server.js';
import { siteIncident } from '../../../test/support/site-factory.js';
import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import { createOutgoingWorker, type OutgoingWorker } from '../outgoing/worker.js';
import { writeMirror } from './export.js';

const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams: []
units:
  - { id: it, name: IT, kind: office }
systems:
  - { id: mail, name: Exchange, kind: application, public_name: E-post, status: down }
`;

const SMTP_USER = 'lifeboat';
const SMTP_PASS = 'smtp-pa55-word';
const TITLE = 'Vattnet går att dricka igen';
const SLUG = 'vattnet-gar-att-dricka-igen';
const BODY = 'Kranvattnet går att **dricka** igen i hela kommunen.';
const BASE = 'https://mirror.provstad.example';

/** A mail's body as a reader sees it: headers dropped, quoted-printable undone. */
function mailText(mail: ReceivedMail): string {
  const raw = mail.data.slice(mail.data.indexOf('\r\n\r\n') + 4);
  if (!/content-transfer-encoding:\s*quoted-printable/i.test(mail.data)) return raw;
  const bytes = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/g, '%25'));
}

/** The path and query of the first link in `text` to `pathname` (the links name the public address). */
function linkIn(text: string, pathname: string): string {
  const m = new RegExp(`https?://[^\\s/]+(${pathname.replace('/', '\\/')}\\?token=[^\\s>]+)`).exec(text);
  if (!m?.[1]) throw new Error(`no ${pathname} link in ${text}`);
  return m[1];
}

/** Whether a partner, holding only the secret, accepts the call as Lifeboat's. */
function verifies(secret: string, headers: Record<string, string | string[] | undefined>, body: string): boolean {
  const timestamp = String(headers['x-lifeboat-timestamp']);
  const given = Buffer.from(String(headers['x-lifeboat-signature']));
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function get(server: TestServer, p: string) {
  const res = await fetch(`${server.url}${p}`);
  return { status: res.status, text: await res.text() };
}

async function form(server: TestServer, p: string, fields: Record<string, string>) {
  const res = await fetch(`${server.url}${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, text: await res.text() };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: a publish reaches the page, feeds, mirror, inbox and webhooks`, () => {
    let server: TestServer;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let partner: Awaited<ReturnType<typeof startHttp>>;
    // The flaky partner answers 500 until the test says it is back.
    let flakyUp = false;
    let flaky: Awaited<ReturnType<typeof startHttp>>;
    let channels: Config['channels'];
    let worker: OutgoingWorker;
    let writerA: ApiClient;
    let writerB: ApiClient;
    let partnerSecret = '';
    let flakySecret = '';
    let noticeId = '';
    let mirrorDir = '';

    beforeAll(async () => {
      smtp = await startSmtp(SMTP_USER, SMTP_PASS);
      partner = await startHttp(() => 200);
      flaky = await startHttp(() => (flakyUp ? 200 : 500));
      channels = {
        smtp: { url: `smtp://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${smtp.port}`, from: 'lifeboat@kommun.example' },
        maxAttempts: 4,
        timeoutMs: 5000,
        // The partners' receivers listen on this machine, which webhooks may reach only when allowed.
        webhookAllow: ['127.0.0.1/32'],
      };
      server = await startTestServer(dialect, { channels });
      worker = createOutgoingWorker(
        { db: server.db, config: server.config, clock: server.clock, ids: testIds('w1') },
        { enabled: false, random: () => 0.5, workerId: 'w1' },
      );
      const admin = await signIn(server, { role: 'admin' });
      const imported = await admin.post('/api/catalogue/import?replace=true', {
        file_name: 'c.yaml',
        content: CATALOGUE,
      });
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      await siteIncident(server.db, { id: 'inc-1', title: 'Ransomware' });
      const a = await createUser(server, { role: 'communicator', name: 'Anna' });
      writerA = await signIn(server, { email: a.email, password: a.password });
      const b = await createUser(server, { role: 'communicator', name: 'Beata' });
      writerB = await signIn(server, { email: b.email, password: b.password });
      mirrorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-publish-'));
    });
    afterAll(async () => {
      await server?.close();
      await smtp?.close();
      await partner?.close();
      await flaky?.close();
      if (mirrorDir) fs.rmSync(mirrorDir, { recursive: true, force: true });
    });

    it('confirms an e-mail subscriber through the real forms and the real inbox', async () => {
      // A resident finds the form from the front page.
      await expect.poll(async () => (await get(server, '/')).text, { timeout: 10_000 }).toContain('href="/subscribe"');
      expect((await form(server, '/subscribe', { email: 'invanare@example.se', lang: 'sv' })).status).toBe(200);
      expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
      expect(smtp.inbox).toHaveLength(1);
      expect(smtp.inbox[0]?.to).toEqual(['invanare@example.se']);
      const confirm = linkIn(mailText(smtp.inbox[0] as ReceivedMail), '/subscribe/confirm');
      const token = new URL(confirm, server.url).searchParams.get('token') ?? '';
      expect((await get(server, confirm)).status).toBe(200);
      expect((await form(server, '/subscribe/confirm', { token })).status).toBe(200);
      const row = await server.db
        .selectFrom('subscriptions')
        .select('state')
        .where('address', '=', 'invanare@example.se')
        .executeTakeFirst();
      expect(row?.state).toBe('active');
    });

    it('adds two webhook partners through the API, each secret shown once', async () => {
      const ok = await writerA.post('/api/webhooks', { name: 'Grannkommunen', url: `${partner.url}/hook` });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      partnerSecret = ok.body.secret;
      expect(partnerSecret.length).toBeGreaterThanOrEqual(32);
      const bad = await writerA.post('/api/webhooks', { name: 'Lokaltidningen', url: `${flaky.url}/hook` });
      expect(bad.status).toBe(200);
      flakySecret = bad.body.secret;
      const listed = await writerA.get('/api/webhooks');
      expect(JSON.stringify(listed.body)).not.toContain(partnerSecret);
      expect(JSON.stringify(listed.body)).not.toContain(flakySecret);
    });

    it("refuses the author's own publish and takes a second person's", async () => {
      const drafted = await writerA.post('/api/notices', { title: TITLE, body_md: BODY });
      expect(drafted.status, JSON.stringify(drafted.body)).toBe(200);
      noticeId = drafted.body.notice.id;
      expect(drafted.body.notice.slug).toBe(SLUG);
      expect((await writerA.post(`/api/notices/${noticeId}/submit`)).status).toBe(200);
      const alone = await writerA.post(`/api/notices/${noticeId}/publish`);
      expect(alone.status).toBe(403);
      expect((await get(server, `/updates/${SLUG}`)).status).toBe(404);
      expect(await server.db.selectFrom('outgoing').selectAll().where('purpose', '=', 'notice').execute()).toEqual([]);

      server.clock.advance(60_000);
      const published = await writerB.post(`/api/notices/${noticeId}/publish`);
      expect(published.status, JSON.stringify(published.body)).toBe(200);
      expect(published.body.notice).toMatchObject({ status: 'published', is_public: true, published_version: 1 });
    });

    it('shows the update on the front page, its own page and both feeds', async () => {
      // The site is re-rendered when the publish's event arrives, not within the request.
      await expect.poll(async () => (await get(server, '/')).text, { timeout: 10_000 }).toContain(TITLE);
      const own = await get(server, `/updates/${SLUG}`);
      expect(own.status).toBe(200);
      expect(own.text).toContain(`<h1>${TITLE}</h1>`);
      expect(own.text).toContain('<strong>dricka</strong>');
      const atom = await get(server, '/feed.atom');
      expect(atom.status).toBe(200);
      expect(atom.text).toContain(`<title>${TITLE}</title>`);
      expect(atom.text).toContain(`/updates/${SLUG}`);
      const feed = JSON.parse((await get(server, '/feed.json')).text);
      expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
      expect(feed.items.map((i: { title: string }) => i.title)).toContain(TITLE);
    });

    it('writes the update into the mirror that `lifeboat publish` writes', async () => {
      const files = await writeMirror({ db: server.db, clock: server.clock }, mirrorDir, BASE);
      expect(files).toContain(`updates/${SLUG}/index.html`);
      const read = (f: string) => fs.readFileSync(path.join(mirrorDir, f), 'utf8');
      expect(read('index.html')).toContain(TITLE);
      expect(read(`updates/${SLUG}/index.html`)).toContain(`<h1>${TITLE}</h1>`);
      expect(read('feed.atom')).toContain(`href="${BASE}/updates/${SLUG}/index.html"`);
      expect(JSON.parse(read('feed.json')).items[0].title).toBe(TITLE);
    });

    it('delivers the e-mail and the signed webhook on the next run; the failing partner waits for a retry', async () => {
      const inboxBefore = smtp.inbox.length;
      expect(await worker.runOnce()).toMatchObject({ claimed: 3, sent: 2, retried: 1 });

      const mails = smtp.inbox.slice(inboxBefore);
      expect(mails).toHaveLength(1);
      expect(mails[0]?.to).toEqual(['invanare@example.se']);
      expect(mails[0]?.data).toMatch(/^List-Unsubscribe:\s+<[^>]*\/unsubscribe\?token=/m);
      const text = mailText(mails[0] as ReceivedMail);
      expect(text).toContain('Kranvattnet går att dricka igen i hela kommunen.');
      expect(text).toContain(`/updates/${SLUG}`);

      expect(partner.received).toHaveLength(1);
      const call = partner.received[0];
      expect(call?.headers['content-type']).toBe('application/json');
      expect(verifies(partnerSecret, call?.headers ?? {}, call?.body ?? '')).toBe(true);
      expect(verifies(flakySecret, call?.headers ?? {}, call?.body ?? '')).toBe(false);
      expect(JSON.parse(call?.body ?? '{}')).toMatchObject({ type: 'notice.published', slug: SLUG, version: 1 });
      expect(JSON.parse(call?.body ?? '{}').texts.sv.title).toBe(TITLE);
      expect(flaky.received).toHaveLength(1);

      // The unsubscribe link in the mail works: its page, then its button, and the address is gone.
      const unsubscribe = linkIn(text, '/unsubscribe');
      const shown = await get(server, unsubscribe);
      expect(shown.status).toBe(200);
      const token = new URL(unsubscribe, server.url).searchParams.get('token') ?? '';
      expect((await form(server, '/unsubscribe', { token })).status).toBe(200);
      expect(
        await server.db.selectFrom('subscriptions').selectAll().where('address', '=', 'invanare@example.se').execute(),
      ).toEqual([]);
    });

    it('retries the failed webhook after a restart, once, with every attempt logged', async () => {
      const failed = await server.db
        .selectFrom('outgoing')
        .selectAll()
        .where('channel', '=', 'webhook')
        .where('recipient', '=', `${flaky.url}/hook`)
        .executeTakeFirstOrThrow();
      expect(failed).toMatchObject({ state: 'pending', attempts: 1 });

      // The server goes away with the delivery still owed; a new one starts on the same database.
      await server.app.close();
      flakyUp = true;
      const again = await buildApp({
        db: server.db,
        config: server.config,
        clock: server.clock,
        ids: testIds('r'),
        logger: false,
        outgoing: { enabled: false },
      });
      try {
        await again.listen({ port: 0, host: '127.0.0.1' });
        const { port } = again.server.address() as AddressInfo;
        // The new server serves the update from the database, with nothing carried over in memory.
        const page = await fetch(`http://127.0.0.1:${port}/updates/${SLUG}`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain(`<h1>${TITLE}</h1>`);
        const restarted = createOutgoingWorker(
          { db: server.db, config: server.config, clock: server.clock, ids: testIds('w2') },
          { enabled: false, random: () => 0.5, workerId: 'w2' },
        );
        // Not before its back-off has passed.
        expect(await restarted.runOnce()).toMatchObject({ claimed: 0 });
        server.clock.advance(60_000);
        expect(await restarted.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
        expect(await restarted.runOnce()).toMatchObject({ claimed: 0 });
        expect(flaky.received).toHaveLength(2);
        const retried = flaky.received[1];
        expect(retried?.body).toBe(flaky.received[0]?.body);
        expect(verifies(flakySecret, retried?.headers ?? {}, retried?.body ?? '')).toBe(true);
        expect(partner.received).toHaveLength(1);

        const row = await server.db
          .selectFrom('outgoing')
          .selectAll()
          .where('id', '=', failed.id)
          .executeTakeFirstOrThrow();
        expect(row).toMatchObject({ state: 'sent', attempts: 2 });
        const attempts = await server.db
          .selectFrom('outgoing_attempts')
          .selectAll()
          .where('message_id', '=', failed.id)
          .orderBy('at')
          .execute();
        expect(attempts.map((a) => Boolean(a.ok))).toEqual([false, true]);
        expect(attempts[0]?.error).toMatch(/500/);
      } finally {
        await again.close();
      }
    });
  });
}
