import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { siteIncident, siteNotice, siteOrganisation, siteScene, text } from '../../../test/support/site-factory.js';
import { INTERNAL } from '../../domain/live/events.js';
import { emit, unitOfWork } from '../tx.js';

// The test clock stands at 2026-11-29T08:00Z; the scene promises the next update by 10:00Z.
const HOUR = 3_600_000;

/** A GET without compression (fetch would ask for it by itself). */
async function get(server: TestServer, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(server.url + path, { headers: { 'accept-encoding': 'identity', ...headers } });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const h1s = (page: string) => page.match(/<h1[\s>]/g)?.length ?? 0;

for (const dialect of DIALECTS) {
  describe(`${dialect}: public site`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(dialect, { publicUrl: 'https://info.provstad.se' });
    });
    afterAll(async () => server?.close());

    it('answers 200 with a calm page on an empty install, and status.json says so', async () => {
      const front = await get(server, '/');
      expect(front.status).toBe(200);
      expect(front.text).toContain('<html lang="sv">');
      expect(front.text).toContain('Ingen pågående störning');
      expect(h1s(front.text)).toBe(1);
      const status = JSON.parse((await get(server, '/status.json')).text);
      expect(status.incident).toEqual({ state: 'none', since: null });
      expect(status.services).toEqual([]);
    });

    it('shows only a calm page while only an exercise is open', async () => {
      await siteOrganisation(server.db);
      await siteIncident(server.db, { id: 'ovning', exercise: true });
      await server.app.publicSite.rebuild();
      const front = await get(server, '/?lang=en');
      expect(front.text).toContain('<html lang="en">');
      expect(front.text).toContain('No ongoing disruption');
      await server.db.deleteFrom('incidents').where('id', '=', 'ovning').execute();
    });

    it('shows the situation, each service in words, the expected return as a range and the next update', async () => {
      await server.db.deleteFrom('settings').execute();
      await siteScene(server.db);
      await server.app.publicSite.rebuild();
      const front = await get(server, '/');
      expect(front.status).toBe(200);
      expect(h1s(front.text)).toBe(1);
      expect(front.text).toContain('Läget just nu');
      expect(front.text).toContain('Vi arbetar med e-tjänsterna. Nästa besked senast kl. 11.');
      expect(front.text).toMatch(
        /E-tjänster<\/h3>\s*<p class="status"><span class="icon" aria-hidden="true">✕<\/span> Fungerar inte/,
      );
      expect(front.text).toContain('Fungerar delvis');
      expect(front.text).toContain('Fungerar inte – vi arbetar med att få igång den');
      expect(front.text).toMatch(/Väntas fungera igen någon gång mellan .+ och .+\./);
      expect(front.text).toContain('Nästa meddelande kommer senast söndag 29 november 2026 kl. 11:00.');
      expect(front.text).toContain('Senast uppdaterad');
      // The internal system is not a public service; no script anywhere.
      expect(front.text).not.toContain('Active Directory');
      expect(front.text).not.toMatch(/<script/i);
      expect(Buffer.byteLength(front.text)).toBeLessThan(50 * 1024);
    });

    it('serves the archive, each update, the accessibility statement and a 404 page, in both languages', async () => {
      for (const lang of ['sv', 'en']) {
        const q = lang === 'sv' ? '' : '?lang=en';
        for (const path of ['/updates', '/updates/lagesbild-klockan-8', '/accessibility']) {
          const page = await get(server, path + q);
          expect(page.status, path).toBe(200);
          expect(page.text).toContain(`<html lang="${lang}">`);
          expect(h1s(page.text), path).toBe(1);
          expect(page.text).toContain('class="skip" href="#content"');
        }
        const missing = await get(server, `/updates/finns-inte${q}`);
        expect(missing.status).toBe(404);
        expect(missing.text).toContain(lang === 'sv' ? 'Sidan finns inte' : 'Page not found');
      }
      const statement = (await get(server, '/accessibility')).text;
      for (const words of ['DOS-lagen', 'EN 301 549', 'WCAG 2.1', 'delvis förenlig', 'DIGG', '2 december 2026'])
        expect(statement).toContain(words);
      const amended = (await get(server, '/updates/lagesbild-klockan-8')).text;
      expect(amended).toContain('Ändrat söndag 29 november 2026 kl. 08:50');
    });

    it('falls back to the original text, marked and with its lang, while a translation is pending', async () => {
      const page = (await get(server, '/updates/it-storning-i-kommunen?lang=en')).text;
      expect(page).toContain('This update has not been translated into English yet.');
      expect(page).toContain('<article lang="sv"><h1>IT-störning i kommunen</h1>');
      expect(page).not.toContain('Not yet translated.');
      const archive = (await get(server, '/updates?lang=en')).text;
      expect(archive).toMatch(
        /<a href="\/updates\/it-storning-i-kommunen\?lang=en" lang="sv">IT-störning i kommunen<\/a>/,
      );
    });

    it("shows each service's public_help in the page's language, else the organisation's with its lang", async () => {
      const setHelp = (id: string, help: unknown) =>
        server.db
          .updateTable('systems')
          .set({ public_help: help === null ? null : JSON.stringify(help) })
          .where('id', '=', id)
          .execute();
      await setHelp('web', { en: 'Call 0123-45 67 89, weekdays 8–17', sv: 'Ring 0123-45 67 89, vardagar 8–17' });
      await setHelp('tel', 'Besök Medborgarkontoret, Storgatan 1 & <b>');
      try {
        await server.app.publicSite.rebuild();
        const sv = (await get(server, '/')).text;
        expect(sv).toContain('<span>Ring 0123-45 67 89, vardagar 8–17</span>');
        expect(sv).toContain('<span>Besök Medborgarkontoret, Storgatan 1 &amp; &lt;b&gt;</span>');
        const en = (await get(server, '/?lang=en')).text;
        expect(en).toContain('<span>Call 0123-45 67 89, weekdays 8–17</span>');
        // One text is written in the organisation's language, and says so on an English page.
        expect(en).toContain('<span lang="sv">Besök Medborgarkontoret, Storgatan 1 &amp; &lt;b&gt;</span>');
        const status = JSON.parse((await get(server, '/status.json?lang=en')).text);
        const help = Object.fromEntries(
          status.services.map((x: { key: string; help: string | null }) => [x.key, x.help]),
        );
        expect(help['provstad-se']).toBe('Call 0123-45 67 89, weekdays 8–17');
        expect(help['kommunens-vaxel']).toBe('Besök Medborgarkontoret, Storgatan 1 & <b>');
        expect(help['e-tjanster']).toBeNull();
      } finally {
        await setHelp('web', null);
        await setHelp('tel', null);
        await server.app.publicSite.rebuild();
      }
    });

    it('says the next update is overdue once its time has passed', async () => {
      server.clock.set('2026-11-29T10:00:01.000Z');
      await server.app.publicSite.rebuild();
      expect((await get(server, '/')).text).toContain('Det är försenat.');
      expect(JSON.parse((await get(server, '/status.json')).text).next_update_overdue).toBe(true);
      server.clock.set('2026-11-29T08:00:00.000Z');
      await server.app.publicSite.rebuild();
      expect((await get(server, '/')).text).not.toContain('försenat');
    });

    it('answers with ETag and 304, compressed as asked, Vary, a short Cache-Control and a CSP without script', async () => {
      for (const path of ['/', '/?lang=en', '/updates', '/feed.atom', '/feed.json', '/status.json']) {
        const first = await get(server, path);
        const etag = first.headers.get('etag');
        expect(etag, path).toMatch(/^"[\w-]+"$/);
        expect(first.headers.get('vary')).toBe('Accept-Encoding');
        expect(first.headers.get('cache-control')).toMatch(/max-age=\d{1,3}\b/);
        const csp = first.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("default-src 'none'");
        expect(csp).not.toContain('script-src');
        const again = await get(server, path, { 'if-none-match': etag as string });
        expect(again.status, path).toBe(304);
        expect(again.text).toBe('');

        const gz = await fetch(server.url + path, { headers: { 'accept-encoding': 'gzip' } });
        expect(gz.headers.get('content-encoding')).toBe('gzip');
        expect(await gz.text()).toBe(first.text);
        const br = await fetch(server.url + path, { headers: { 'accept-encoding': 'br, gzip' } });
        expect(br.headers.get('content-encoding')).toBe('br');
        expect(await br.text()).toBe(first.text);
        const brTag = br.headers.get('etag') as string;
        expect(brTag).not.toBe(etag);
        expect((await get(server, path, { 'accept-encoding': 'br', 'if-none-match': brTag })).status).toBe(304);
        const refused = await fetch(server.url + path, { headers: { 'accept-encoding': 'br;q=0, gzip;q=0.5' } });
        expect(refused.headers.get('content-encoding')).toBe('gzip');
        expect(await refused.text()).toBe(first.text);
      }
    });

    it('serves Atom that parses as Atom, with stable ids and the amended time as updated', async () => {
      const xml = (await get(server, '/feed.atom')).text;
      const parser = new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: '@',
        isArray: (n) => n === 'entry',
      });
      const doc = parser.parse(xml);
      expect(doc.feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
      expect(doc.feed.id).toMatch(/^tag:info\.provstad\.se,\d{4}:/);
      expect(doc.feed.title).toBe('Provstad kommun: meddelanden om IT-störningen');
      expect(doc.feed.updated).toBe('2026-11-29T07:50:00.000Z');
      const entries = doc.feed.entry as Record<string, unknown>[];
      expect(entries).toHaveLength(2);
      const [latest, first] = entries as {
        id: string;
        updated: string;
        published: string;
        link: { '@href': string };
      }[];
      expect(latest.id).toBe('tag:info.provstad.se,2026-11-29:lifeboat/update/n2/sv');
      expect(latest.updated).toBe('2026-11-29T07:50:00.000Z');
      expect(latest.published).toBe('2026-11-29T07:30:00.000Z');
      expect(latest.link['@href']).toBe('https://info.provstad.se/updates/lagesbild-klockan-8');
      expect(first.updated).toBe(first.published);
      for (const e of entries)
        expect(Object.keys(e)).toEqual(expect.arrayContaining(['id', 'title', 'updated', 'content']));

      // Amending keeps the id and moves `updated`.
      const row = await server.db
        .selectFrom('notices')
        .select('published_content')
        .where('id', '=', 'n1')
        .executeTakeFirstOrThrow();
      const content = JSON.parse(row.published_content as string);
      content.amended_at = '2026-11-29T07:55:00.000Z';
      content.version = 2;
      await server.db
        .updateTable('notices')
        .set({ published_content: JSON.stringify(content) })
        .where('id', '=', 'n1')
        .execute();
      await server.app.publicSite.rebuild();
      const again = parser.parse((await get(server, '/feed.atom')).text).feed.entry as {
        id: string;
        updated: string;
      }[];
      const n1 = again.find((e) => e.id.endsWith('/n1/sv'));
      expect(n1?.id).toBe('tag:info.provstad.se,2026-11-29:lifeboat/update/n1/sv');
      expect(n1?.updated).toBe('2026-11-29T07:55:00.000Z');
      // English has its own feed with its own language.
      const en = parser.parse((await get(server, '/feed.atom?lang=en')).text).feed;
      expect(en['@xml:lang']).toBe('en');
    });

    it('serves a JSON Feed 1.1 with every required field', async () => {
      const res = await get(server, '/feed.json?lang=en');
      expect(res.headers.get('content-type')).toContain('application/feed+json');
      const feed = JSON.parse(res.text);
      expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
      expect(typeof feed.title).toBe('string');
      expect(feed.feed_url).toBe('https://info.provstad.se/feed.json?lang=en');
      expect(feed.home_page_url).toBe('https://info.provstad.se/?lang=en');
      expect(Array.isArray(feed.items)).toBe(true);
      expect(feed.items).toHaveLength(2);
      for (const item of feed.items) {
        expect(typeof item.id).toBe('string');
        expect(typeof item.content_html === 'string' || typeof item.content_text === 'string').toBe(true);
        expect(new Date(item.date_published).toISOString()).toBe(item.date_published);
        expect(item.url).toMatch(/^https:\/\/info\.provstad\.se\/updates\//);
      }
      expect(feed.items[1].language).toBe('sv');
    });

    it('documents status.json in OpenAPI and answers it by its schema', async () => {
      const docs = (await (await fetch(`${server.url}/api/docs/json`)).json()) as {
        paths: Record<string, { get: { security: unknown } }>;
      };
      expect(docs.paths['/status.json'].get.security).toEqual([]);
      const status = JSON.parse((await get(server, '/status.json?lang=en')).text);
      expect(status.incident).toEqual({ state: 'ongoing', since: '2026-11-29T06:00:00.000Z' });
      expect(status.services.map((s: { key: string; status: string }) => [s.key, s.status])).toEqual([
        ['provstad-se', 'limited'],
        ['e-tjanster', 'down'],
        ['kommunens-vaxel', 'operational'],
        ['bibliotekets-lan', 'restoring'],
      ]);
      expect(status.services[0].status_text).toBe('Partly working');
      const range = status.services[1].expected_back;
      expect(Date.parse(range.from)).toBeLessThan(Date.parse(range.to));
      expect(Date.parse(range.from) % HOUR).toBe(0);
      expect(status.latest_update.url).toBe('https://info.provstad.se/updates/lagesbild-klockan-8?lang=en');
      expect((await get(server, '/status.json?lang=xx')).status).toBe(400);
    });

    it('renders again when the live hub delivers a change', async () => {
      const before = server.app.publicSite.renders;
      await unitOfWork({ db: server.db }, async (trx) => {
        await trx.updateTable('systems').set({ status: 'operational' }).where('id', '=', 'web').execute();
        await emit(trx, server.clock(), { type: 'system.status', audience: INTERNAL, data: { id: 'web' } });
      });
      await expect
        .poll(async () => (await get(server, '/status.json')).text, { timeout: 10_000 })
        .toContain('"key":"provstad-se","name":"provstad.se","status":"operational"');
      expect(server.app.publicSite.renders).toBeGreaterThan(before);
    });

    it('coalesces a burst of changes into at most two renderings', async () => {
      const before = server.app.publicSite.renders;
      await Promise.all(Array.from({ length: 20 }, () => server.app.publicSite.rebuild()));
      const renders = server.app.publicSite.renders - before;
      expect(renders).toBeGreaterThanOrEqual(1);
      expect(renders).toBeLessThanOrEqual(2);
    });

    it('answers any other language or parameter with the organisation’s page, the same cached resource', async () => {
      const front = await get(server, '/');
      const odd = await get(server, `/?lang=${'x'.repeat(2000)}&utm_source=${'y'.repeat(2000)}`);
      expect(odd.status).toBe(200);
      expect(odd.headers.get('etag')).toBe(front.headers.get('etag'));
      const missing = await get(server, `/updates/${'z'.repeat(90)}?lang=en`);
      expect(missing.status).toBe(404);
      expect(missing.text).toContain('<html lang="en">');
    });

    it('keeps the staff UI under /app and the API', async () => {
      expect((await get(server, '/app/')).status).toBe(503); // not built in api tests: the UI route still answers
      expect((await get(server, '/healthz')).status).toBe(200);
    });
  });
}

describe.runIf(DIALECTS.includes('postgres'))('postgres: two servers', () => {
  it('re-renders on the other server when an update is published on one', async () => {
    const a = await startTestServer('postgres', {}, { live: { pollMs: 60_000 } });
    const b = await startTestServer('postgres', {}, { shareWith: a, live: { pollMs: 60_000 } });
    try {
      await siteOrganisation(a.db);
      await siteIncident(a.db, { id: 'inc' });
      await b.app.publicSite.rebuild();
      expect((await get(b, '/')).text).toContain('Vi har ännu inte publicerat något meddelande.');
      await siteNotice(a.db, { id: 'x', incident_id: 'inc', texts: { sv: text('Vattnet är tjänligt', 'Text.') } });
      await unitOfWork({ db: a.db }, (trx) =>
        emit(trx, a.clock(), { type: 'site.changed', audience: { kind: 'public' }, data: { notice_id: 'x' } }),
      );
      await expect.poll(async () => (await get(b, '/')).text, { timeout: 10_000 }).toContain('Vattnet är tjänligt');
    } finally {
      await b.close();
      await a.close();
    }
  });
});
