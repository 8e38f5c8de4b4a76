import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createUser, signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import type { Role } from '../../domain/roles.js';

const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams: []
units:
  - { id: it, name: IT, kind: office }
systems:
  - { id: mail, name: Exchange, kind: application, public_name: E-post, status: restoring }
  - { id: net, name: Nät, kind: infrastructure }
`;

const WRITERS: Role[] = ['admin', 'staff', 'communicator'];
const NOT_WRITERS: Role[] = ['recovery', 'observer', 'reporter'];

for (const dialect of DIALECTS) {
  describe(`${dialect}: public updates API`, () => {
    let server: TestServer;
    const clients = {} as Record<Role, ApiClient>;
    let writerA: ApiClient;
    let writerB: ApiClient;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      for (const role of ['admin', 'staff', 'communicator', 'observer', 'recovery'] as Role[]) {
        clients[role] = await signIn(server, { role });
      }
      const res = await clients.admin.post('/api/catalogue/import?replace=true', {
        file_name: 'c.yaml',
        content: CATALOGUE,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      clients.reporter = await signIn(server, { role: 'reporter', unitId: 'it' });
      writerA = await signIn(server, { role: 'communicator' });
      const b = await createUser(server, { role: 'communicator', name: 'Beata' });
      writerB = await signIn(server, { email: b.email, password: b.password });
    });
    afterAll(async () => server.close());

    const insertIncident = (exercise: 0 | 1) =>
      server.db
        .insertInto('incidents')
        .values({
          id: 'inc-1',
          title: 'Ransomware',
          detected_at: '2026-11-29T06:00:00.000Z',
          phase: 'containment',
          severity: 'high',
          exercise,
          created_at: '2026-11-29T06:30:00.000Z',
          created_by: null,
          updated_at: '2026-11-29T06:30:00.000Z',
          closed_at: null,
          forecast: null,
        })
        .execute();
    const outbox = async () =>
      (await server.db.selectFrom('outbox').selectAll().orderBy('id').execute()).map((r) => ({
        type: r.type,
        audience: JSON.parse(r.audience),
        data: JSON.parse(r.data),
      }));
    const draft = async (client: ApiClient, title: string) => {
      const res = await client.post('/api/notices', { title, body_md: 'Vi arbetar med e-posten.' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.notice as { id: string; slug: string; status: string };
    };

    it('refuses a draft while no incident is open', async () => {
      const res = await writerA.post('/api/notices', { title: 'Läget' });
      expect(res.status).toBe(409);
      await insertIncident(0);
    });

    it('lets every writer create a draft, with its translations pending, and refuses the others', async () => {
      for (const role of WRITERS) {
        const res = await clients[role].post('/api/notices', { title: `Läget för ${role}` });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.notice).toMatchObject({ status: 'draft', original_lang: 'sv', pending_languages: ['en'] });
        expect(res.body.notice.slug).toBe(`laget-for-${role}`);
      }
      for (const role of NOT_WRITERS) {
        expect((await clients[role].post('/api/notices', { title: 'Nej' })).status, role).toBe(403);
      }
      // The same title gets a numbered slug.
      expect((await draft(writerA, 'Läget för admin')).slug).toBe('laget-for-admin-2');
    });

    it('lets the internal readers list and read, and not a reporter', async () => {
      const one = await draft(writerA, 'Läsbart');
      for (const role of ['admin', 'staff', 'communicator', 'observer', 'recovery'] as Role[]) {
        const list = await clients[role].get('/api/notices?status=draft');
        expect(list.status, role).toBe(200);
        expect(list.body.languages).toEqual(['sv', 'en']);
        expect(list.body.notices.every((n: { status: string }) => n.status === 'draft')).toBe(true);
        // Each summary carries its own notice's title and pending translations (read for the whole list at once).
        expect(list.body.notices.find((n: { id: string }) => n.id === one.id)).toMatchObject({
          title: 'Läsbart',
          pending_languages: ['en'],
        });
        expect((await clients[role].get(`/api/notices/${one.id}`)).status, role).toBe(200);
      }
      expect((await clients.reporter.get('/api/notices')).status).toBe(403);
      expect((await clients.reporter.get(`/api/notices/${one.id}`)).status).toBe(403);
      expect((await clients.admin.get('/api/notices/nope')).status).toBe(404);
    });

    it('keeps translations pending until saved as translated, and again when the original changes', async () => {
      const n = await draft(writerA, 'Språk');
      const text = { title: 'Språk', body_md: 'Vi arbetar med e-posten.', sms_summary: 'E-posten är nere.' };
      // A copy of the original stays pending even when called translated.
      let res = await writerA.put(`/api/notices/${n.id}/texts/en`, { ...text, translated: true });
      expect(res.body.notice.pending_languages).toEqual(['en']);
      res = await writerA.put(`/api/notices/${n.id}/texts/en`, {
        title: 'Languages',
        body_md: 'We are working on e-mail.',
        sms_summary: 'E-mail is down.',
      });
      expect(res.status).toBe(200);
      expect(res.body.notice.pending_languages).toEqual([]);
      res = await writerA.put(`/api/notices/${n.id}/texts/sv`, { ...text, body_md: 'Vi arbetar fortfarande.' });
      expect(res.body.notice.pending_languages).toEqual(['en']);
      expect(res.body.notice.texts.find((t: { lang: string }) => t.lang === 'en').title).toBe('Languages');
      // Refusals name their field and change nothing.
      const long = await writerA.put(`/api/notices/${n.id}/texts/sv`, { ...text, sms_summary: 'a'.repeat(161) });
      expect(long.status).toBe(400);
      expect(long.body.error.field).toBe('sms_summary');
      const lang = await writerA.put(`/api/notices/${n.id}/texts/fi`, text);
      expect(lang.status).toBe(400);
      expect(lang.body.error.field).toBe('lang');
      const time = await writerA.patch(`/api/notices/${n.id}`, { next_update_at: 'i morgon' });
      expect(time.status).toBe(400);
      expect(time.body.error.field).toBe('next_update_at');
      const ok = await writerA.patch(`/api/notices/${n.id}`, { next_update_at: '2026-11-29T15:00:00+01:00' });
      expect(ok.body.notice.next_update_at).toBe('2026-11-29T14:00:00.000Z');
      for (const role of NOT_WRITERS) {
        expect((await clients[role].put(`/api/notices/${n.id}/texts/sv`, text)).status, role).toBe(403);
        expect((await clients[role].patch(`/api/notices/${n.id}`, { next_update_at: null })).status, role).toBe(403);
      }
    });

    it('publishes by a second person only, once: stored, logged, announced to the public', async () => {
      const n = await draft(writerA, 'Störning i e-posten');
      for (const role of NOT_WRITERS)
        expect((await clients[role].post(`/api/notices/${n.id}/submit`)).status).toBe(403);
      const submitted = await writerA.post(`/api/notices/${n.id}/submit`);
      expect(submitted.body.notice).toMatchObject({
        status: 'in_review',
        may_publish: false,
        publish_refusal: 'author',
      });
      // A draft in review is not edited: it goes back first.
      const edit = await writerA.put(`/api/notices/${n.id}/texts/sv`, { title: 'X', body_md: '', sms_summary: '' });
      expect(edit.status).toBe(409);
      const alone = await writerA.post(`/api/notices/${n.id}/publish`);
      expect(alone.status).toBe(403);
      expect(alone.body.error.message).toMatch(/other than the author/);
      for (const role of NOT_WRITERS)
        expect((await clients[role].post(`/api/notices/${n.id}/publish`)).status).toBe(403);
      expect((await server.db.selectFrom('notice_publications').selectAll().execute()).length).toBe(0);

      expect((await writerB.get(`/api/notices/${n.id}`)).body.notice.may_publish).toBe(true);
      const before = (await outbox()).length;
      const published = await writerB.post(`/api/notices/${n.id}/publish`);
      expect(published.status, JSON.stringify(published.body)).toBe(200);
      expect(published.body.notice).toMatchObject({
        status: 'published',
        is_public: true,
        published_version: 1,
        amended_at: null,
        public_url: `${server.config.publicUrl}/updates/storning-i-e-posten`,
      });
      const row = await server.db.selectFrom('notices').selectAll().where('id', '=', n.id).executeTakeFirstOrThrow();
      const content = JSON.parse(row.published_content ?? '{}');
      expect(content).toMatchObject({ version: 1, slug: 'storning-i-e-posten', original_lang: 'sv' });
      expect(content.texts.sv.title).toBe('Störning i e-posten');
      expect(content.texts.en.translation_pending).toBe(true);
      const events = (await outbox()).slice(before);
      expect(events).toContainEqual({ type: 'site.changed', audience: { kind: 'public' }, data: { notice_id: n.id } });
      expect(events.some((e) => e.type === 'notice.changed' && e.audience.kind === 'internal')).toBe(true);
      const log = await server.db.selectFrom('event_log').selectAll().where('kind', '=', 'notice').execute();
      expect(log.some((e) => JSON.parse(e.data).action === 'publish')).toBe(true);
      expect((await writerB.post(`/api/notices/${n.id}/publish`)).status).toBe(409);
    });

    it('keeps the published version public while an amendment waits for a second person', async () => {
      const n = await draft(writerA, 'Ändras');
      await writerA.post(`/api/notices/${n.id}/submit`);
      expect((await clients.staff.post(`/api/notices/${n.id}/publish`)).status).toBe(200);
      server.clock.advance(3_600_000);
      const amend = await writerB.post(`/api/notices/${n.id}/amend`);
      expect(amend.body.notice).toMatchObject({ status: 'draft', is_public: true, published_version: 1 });
      await writerB.put(`/api/notices/${n.id}/texts/sv`, { title: 'Ändras', body_md: 'Rättad text.', sms_summary: '' });
      await writerB.post(`/api/notices/${n.id}/submit`);
      const row = await server.db.selectFrom('notices').selectAll().where('id', '=', n.id).executeTakeFirstOrThrow();
      expect(JSON.parse(row.published_content ?? '{}').texts.sv.body_md).toBe('Vi arbetar med e-posten.');
      // The amendment's writer may not publish it, though the first author now may.
      expect((await writerB.post(`/api/notices/${n.id}/publish`)).status).toBe(403);
      const again = await writerA.post(`/api/notices/${n.id}/publish`);
      expect(again.status).toBe(200);
      expect(again.body.notice.published_version).toBe(2);
      expect(again.body.notice.amended_at).toBe(server.clock().toISOString());
      expect(again.body.notice.publications.map((p: { version: number }) => p.version)).toEqual([2, 1]);
      const print = await clients.observer.get(`/api/notices/${n.id}/print`);
      expect(print.status).toBe(200);
      expect(print.body).toMatchObject({
        organisation: 'Provstad kommun',
        title: 'Ändras',
        paragraphs: ['Rättad text.'],
      });
      expect(print.body.public_url).toMatch(/\/updates\/andras$/);
      expect(print.body.qr.size).toBeGreaterThanOrEqual(21);
      expect(print.body.qr.path).toMatch(/^M\d+ \d+h1v1h-1z/);
    });

    it('never prints a draft, never publishes an exercise', async () => {
      const n = await draft(writerA, 'Övning');
      expect((await clients.staff.get(`/api/notices/${n.id}/print`)).status).toBe(409);
      await writerA.post(`/api/notices/${n.id}/submit`);
      await server.db.updateTable('incidents').set({ exercise: 1 }).where('id', '=', 'inc-1').execute();
      try {
        expect((await writerB.get(`/api/notices/${n.id}`)).body.notice.publish_refusal).toBe('exercise');
        const res = await writerB.post(`/api/notices/${n.id}/publish`);
        expect(res.status).toBe(409);
        expect(res.body.error.message).toMatch(/exercise is never published/);
      } finally {
        await server.db.updateTable('incidents').set({ exercise: 0 }).where('id', '=', 'inc-1').execute();
      }
      const back = await writerA.post(`/api/notices/${n.id}/return`);
      expect(back.body.notice.status).toBe('draft');
    });

    it("lets admin and staff set the site's languages, ISO 639-1 codes only", async () => {
      for (const role of ['admin', 'staff'] as Role[]) {
        const res = await clients[role].put('/api/site/languages', { extra: ['fi', 'AR'] });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body).toEqual({ original: 'sv', languages: ['sv', 'en', 'fi', 'ar'], extra: ['fi', 'ar'] });
      }
      for (const role of ['communicator', ...NOT_WRITERS] as Role[]) {
        expect((await clients[role].put('/api/site/languages', { extra: [] })).status, role).toBe(403);
      }
      const bad = await clients.staff.put('/api/site/languages', { extra: ['finska'] });
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe('languages');
      expect((await clients.observer.get('/api/site/languages')).body.languages).toEqual(['sv', 'en', 'fi', 'ar']);
      // A notice written before gets the new languages as pending copies.
      const n = await draft(writerA, 'Flera språk');
      expect((await writerA.get(`/api/notices/${n.id}`)).body.notice.pending_languages).toEqual(['en', 'fi', 'ar']);
      await clients.admin.put('/api/site/languages', { extra: [] });
    });

    it('lets writers show or hide a public service’s expected return', async () => {
      const list = await clients.observer.get('/api/public-services');
      expect(list.body.services).toEqual([
        { system_id: 'mail', public_name: 'E-post', status: 'restoring', forecast_shown: false },
      ]);
      for (const role of WRITERS) {
        const before = (await outbox()).length;
        const res = await clients[role].put('/api/public-services/mail/forecast', { shown: true });
        expect(res.status, role).toBe(200);
        expect(res.body.service.forecast_shown).toBe(true);
        expect((await outbox()).slice(before)).toContainEqual({
          type: 'site.changed',
          audience: { kind: 'public' },
          data: { system_id: 'mail' },
        });
      }
      for (const role of NOT_WRITERS) {
        expect((await clients[role].put('/api/public-services/mail/forecast', { shown: false })).status).toBe(403);
      }
      // An internal system is no public service.
      expect((await clients.staff.put('/api/public-services/net/forecast', { shown: true })).status).toBe(404);
      expect((await server.db.selectFrom('public_forecasts').selectAll().execute()).map((r) => r.system_id)).toEqual([
        'mail',
      ]);
    });
  });
}
