/**
 * Never leak (issue 10, part 6): a marker planted in everything that is not public — a draft, an update's
 * working text under review, internal system names, a report, a need, a decision, an event-log entry, a
 * situation picture, and an exercise with a published update — appears on no public page or feed, live or
 * in the static mirror.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { siteIncident, siteNotice, siteScene, siteSystem, text } from '../../../test/support/site-factory.js';
import { renderSite } from '../../site/site.js';
import { insertUnit } from '../../store/catalogue/catalogue.repository.js';
import { PlanCache } from '../plan/plan.service.js';
import { writeMirror } from './export.js';
import { publicSnapshot } from './site.service.js';

const MARKER = 'ZQ7LEAK';
const AT = '2026-11-29T07:40:00.000Z';

async function plant(server: TestServer): Promise<void> {
  const db = server.db;
  await siteScene(db);
  const m = MARKER;
  // Internal names: a system that is not public, and the internal name of a public one.
  await siteSystem(db, { id: 'intern', name: `Löneserver ${m}`, status: 'down' });
  await db
    .updateTable('systems')
    .set({ name: `Webb ${m}` })
    .where('id', '=', 'web')
    .execute();
  await insertUnit(db, { id: 'soc', name: `Socialkontoret ${m}`, kind: 'office', contacts: [] });
  // A draft, and a published update whose amendment (working text) is in review.
  await siteNotice(db, {
    id: 'draft-zq7leak',
    slug: 'utkast-zq7leak',
    incident_id: 'inc-1',
    status: 'draft',
    working: [{ lang: 'sv', title: `Utkast ${m}`, body_md: `Hemligt ${m}` }],
  });
  await siteNotice(db, {
    id: 'review',
    slug: 'granskas',
    incident_id: 'inc-1',
    status: 'in_review',
    texts: { sv: text('Publicerad text', 'Det som är godkänt.') },
    working: [{ lang: 'sv', title: `Ändring ${m}`, body_md: `Ej godkänt ${m}` }],
  });
  // An exercise (closed, older) with a published update, and its title.
  await siteIncident(db, {
    id: 'ovning',
    title: `Övning ${m}`,
    exercise: true,
    detected_at: '2026-11-20T06:00:00.000Z',
    closed_at: '2026-11-20T12:00:00.000Z',
  });
  await siteNotice(db, {
    id: 'ovning-zq7leak',
    slug: 'ovning-zq7leak',
    incident_id: 'ovning',
    published_at: '2026-11-20T07:00:00.000Z',
    texts: { sv: text(`Övningsmeddelande ${m}`, `Övning ${m}`), en: text(`Exercise ${m}`, `Exercise ${m}`) },
  });
  await db
    .updateTable('incidents')
    .set({ title: `Skarp händelse ${m}` })
    .where('id', '=', 'inc-1')
    .execute();
  // A report, a need, a picture, a decision and an event-log entry.
  await db
    .insertInto('reports')
    .values({
      id: 'r1',
      incident_id: 'inc-1',
      unit_id: 'soc',
      cycle_at: AT,
      state: 'submitted',
      overall: 'red',
      life_health_risk: 1,
      content: JSON.stringify({ summary: `Rapport ${m}` }),
      version: 1,
      first_submitted_at: AT,
      submitted_at: AT,
      submitted_by_user_id: null,
      late: 0,
      created_at: AT,
      updated_at: AT,
    })
    .execute();
  await db
    .insertInto('needs')
    .values({
      id: 'need1',
      incident_id: 'inc-1',
      unit_id: 'soc',
      report_id: null,
      title: `Behov ${m}`,
      detail: `Detalj ${m}`,
      category: 'staff',
      urgency: 'high',
      status: 'open',
      owner_user_id: null,
      system_ids: '[]',
      created_at: AT,
      created_by_user_id: null,
      updated_at: AT,
    })
    .execute();
  await db
    .insertInto('pictures')
    .values({
      id: 'pic1',
      incident_id: 'inc-1',
      version: 1,
      summary: `Lägesbild ${m}`,
      content: JSON.stringify({ text: m }),
      decision_head: null,
      approved_at: AT,
      approved_by_user_id: null,
      approved_by_label: `Stab ${m}`,
    })
    .execute();
  await db
    .insertInto('decisions')
    .values({
      id: 'd1',
      seq: 1,
      incident_id: 'inc-1',
      decided_at: AT,
      recorded_at: AT,
      decision: `Beslut ${m}`,
      basis: `Underlag ${m}`,
      decided_by: 'Stabschef',
      mandate: 'delegation',
      recorded_by_user_id: null,
      recorded_by_label: 'Stab',
      systems: '[]',
      needs: '[]',
      corrects: null,
      prev_hash: '0'.repeat(64),
      hash: '1'.repeat(64),
    })
    .execute();
  await db
    .insertInto('event_log')
    .values({
      id: 'e1',
      incident_id: 'inc-1',
      at: AT,
      recorded_at: AT,
      kind: 'manual',
      actor_user_id: null,
      actor_label: `Loggförare ${m}`,
      system_id: 'intern',
      unit_id: 'soc',
      text: `Logg ${m}`,
      data: JSON.stringify({ note: m }),
    })
    .execute();
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: never leak`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(dialect, { publicUrl: 'https://info.provstad.se' });
      await plant(server);
      await server.app.publicSite.rebuild();
    });
    afterAll(async () => server?.close());

    it('shows the marker on no public page or feed, live', async () => {
      // Every URL the site has, from the renderer's own list, plus guesses at the hidden ones.
      const snapshot = await publicSnapshot(server.db, new PlanCache(), server.clock());
      const urls = renderSite(snapshot, { mode: 'live', baseUrl: '', now: server.clock().getTime() })
        .filter((f) => f.url !== '')
        .map((f) => f.url);
      expect(urls.length).toBeGreaterThan(10);
      expect(urls).toContain('/updates/granskas');
      for (const guess of ['/updates/utkast-zq7leak', '/updates/ovning-zq7leak'])
        for (const q of ['', '?lang=en']) urls.push(guess + q);
      for (const url of urls) {
        for (const encoding of ['identity', 'br']) {
          const res = await fetch(server.url + url, { headers: { 'accept-encoding': encoding } });
          const body = await res.text();
          expect(body.toUpperCase(), url).not.toContain(MARKER);
          if (url.includes('zq7leak')) expect(res.status, url).toBe(404);
        }
      }
      // The published text of the update in review is public; its working text is not.
      expect(await (await fetch(`${server.url}/updates/granskas`)).text()).toContain('Det som är godkänt.');
    });

    it('shows the marker nowhere in the static mirror', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-mirror-'));
      try {
        await writeMirror({ db: server.db, clock: server.clock }, dir, 'https://info.provstad.se');
        const files = filesUnder(dir);
        expect(files.length).toBeGreaterThan(10);
        for (const f of files) expect(fs.readFileSync(f, 'utf8').toUpperCase(), f).not.toContain(MARKER);
        expect(files.some((f) => f.includes('zq7leak'))).toBe(false);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
