import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer, testIds } from '../../../test/support/server.js';
import { seedDemo } from './demo.service.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: the demo's public updates`, () => {
    let server: TestServer;
    beforeEach(async () => {
      server = await startTestServer(dialect);
    });
    afterEach(async () => server.close());

    it('publishes several updates in Swedish and English, amends one, leaves one in review, shows two forecasts', async () => {
      await seedDemo(server.db, { clock: server.clock, config: server.config, ids: testIds('demo') });
      const observer = await signIn(server, { role: 'observer' });
      const list = await observer.get('/api/notices');
      expect(list.status).toBe(200);
      const notices = list.body.notices as {
        id: string;
        status: string;
        amended_at: string | null;
        next_update_at: string | null;
        pending_languages: string[];
      }[];
      const published = notices.filter((n) => n.status === 'published');
      expect(published.length).toBeGreaterThanOrEqual(3);
      expect(published.filter((n) => n.amended_at !== null)).toHaveLength(1);
      expect(published.some((n) => n.pending_languages.length === 0)).toBe(true);
      expect(notices.filter((n) => n.status === 'in_review')).toHaveLength(1);
      // The latest published update promises the next one.
      expect(published[0]?.next_update_at).not.toBeNull();
      const contents = await server.db.selectFrom('notices').select('published_content').execute();
      const langs = contents.flatMap((c) =>
        c.published_content ? Object.keys(JSON.parse(c.published_content).texts) : [],
      );
      expect(new Set(langs)).toEqual(new Set(['sv', 'en']));
      const services = (await observer.get('/api/public-services')).body.services as { forecast_shown: boolean }[];
      expect(services.filter((s) => s.forecast_shown)).toHaveLength(2);
      // The review waits for a second person: the demo's communicator wrote it.
      const review = notices.find((n) => n.status === 'in_review');
      const one = await observer.get(`/api/notices/${review?.id}`);
      expect(one.body.notice.author_label).toBe('Klara Kommunikatör');
    });
  });
}
