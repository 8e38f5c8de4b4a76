import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiClient, anonymous, signIn, tokenClient } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import type { Role } from '../../domain/roles.js';
import { ACTUALS_STEP_MS, currentPlanInput } from './plan.service.js';

// No gates, so a status may go straight to operational; infra has one person for four systems.
const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams:
  - { id: infra, name: Infra, capacity: 1 }
  - { id: apps, name: Appar, capacity: 2 }
units:
  - { id: it, name: IT, kind: office }
systems:
  - { id: net, name: Nät, kind: infrastructure, owner: it, team: infra, society: 5, estimate_hours: { low: 4, likely: 5, high: 8 }, gates: [] }
  - { id: ad, name: AD, kind: infrastructure, owner: it, team: infra, society: 5, estimate_hours: { low: 4, likely: 5, high: 8 }, gates: [] }
  - { id: files, name: Filer, kind: platform, owner: it, team: infra, society: 2, estimate_hours: { low: 4, likely: 5, high: 8 }, gates: [] }
  - { id: print, name: Utskrift, kind: platform, owner: it, team: infra, society: 1, estimate_hours: { low: 4, likely: 5, high: 8 }, gates: [] }
  - { id: care, name: Omsorg, kind: application, owner: it, team: apps, depends_on: [ad], society: 4, estimate_hours: { low: 2, likely: 3, high: 5 }, gates: [] }
`;

const HOUR = 3_600_000;
const START = '2026-11-29T08:00:00.000Z';
type Line = { id: string; actual_h?: number; elapsed_h?: number; p50_h: number };

for (const dialect of DIALECTS) {
  describe(`${dialect}: the plan learns from the open incident's status history`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let staff: ApiClient;
    let recovery: ApiClient;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      // Tokens, not sessions: the tests move the clock by hours, past a session's idle timeout.
      admin = await tokenClient(server, 'admin');
      staff = await tokenClient(server, 'staff');
      recovery = await tokenClient(server, 'recovery');
    });
    afterAll(async () => server.close());

    beforeEach(async () => {
      server.clock.set(START);
      const active = await admin.get('/api/incidents/active');
      if (active.body.incident) await admin.post(`/api/incidents/${active.body.incident.id}/close`);
      const res = await admin.post('/api/catalogue/import?replace=true&statuses=true', {
        file_name: 'c.yaml',
        content: CATALOGUE,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    });

    const status = async (id: string, to: string) => {
      const res = await recovery.patch(`/api/systems/${id}`, { status: to });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    const open = async () => {
      const res = await staff.post('/api/incidents', {
        title: 'Ransomware',
        detected_at: '2026-11-29T06:30:00+01:00',
        severity: 'high',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    // net restored in 8 h and back; ad started 3 h before the plan's moment (3 h 7 min before the clock), not back.
    const history = async () => {
      await status('net', 'restoring');
      server.clock.advance(8 * HOUR);
      await status('net', 'operational');
      await status('ad', 'restoring');
      server.clock.advance(3 * HOUR + 7 * 60_000);
    };

    it('without an open incident a status change teaches nothing: today’s forecast, from the clock', async () => {
      await history();
      const plan = (await admin.get('/api/plan?runs=50')).body;
      expect(plan.learning).toBeUndefined();
      expect(plan.systems.some((s: Line) => s.actual_h !== undefined || s.elapsed_h !== undefined)).toBe(false);
      expect(plan.as_of_utc).toBe(server.clock().toISOString());
      expect((await currentPlanInput(server.db, server.clock())).options.actuals).toBeUndefined();
    });

    it('passes the incident’s status history to the planner as actuals, from the moment floored to 10 minutes', async () => {
      await open();
      const none = await currentPlanInput(server.db, server.clock());
      expect(none.options.actuals).toBeUndefined();
      expect(none.asOf.toISOString()).toBe(START);
      await history();
      const now = server.clock();
      const input = await currentPlanInput(server.db, now);
      expect(input.asOf.getTime()).toBe(Math.floor(now.getTime() / ACTUALS_STEP_MS) * ACTUALS_STEP_MS);
      expect(input.asOf.toISOString()).toBe('2026-11-29T19:00:00.000Z');
      expect(input.options.actuals).toEqual({
        net: { started_h: -11, back_h: -3 },
        ad: { started_h: -3, back_h: null },
      });
      // Nine minutes on, the same moment and the same key: the plan cache still hits.
      server.clock.advance(2 * 60_000);
      expect((await currentPlanInput(server.db, server.clock())).options).toEqual(input.options);
      // A change after the moment counts as made at it: ad is back at once, not ten minutes later.
      await status('ad', 'operational');
      expect((await currentPlanInput(server.db, server.clock())).options.actuals?.ad).toEqual({
        started_h: -3,
        back_h: 0,
      });
      const plan = (await admin.get('/api/plan?runs=50')).body;
      expect(plan.as_of_utc).toBe('2026-11-29T19:00:00.000Z');
    });

    it('shows what it learned on the plan, beside each system, and in the advice (needs the learning forecast)', async () => {
      await open();
      await history();
      const plan = (await admin.get('/api/plan?runs=200')).body;
      expect(plan.learning).toMatchObject({ finished: 1, in_progress: 1 });
      expect(plan.learning.factor_p05).toBeLessThanOrEqual(plan.learning.factor_p50);
      expect(plan.learning.factor_p50).toBeLessThanOrEqual(plan.learning.factor_p95);
      const by = Object.fromEntries(plan.systems.map((s: Line) => [s.id, s]));
      expect(by.net.actual_h).toBe(8);
      expect(by.ad.elapsed_h).toBe(3);
      // In progress for 3 h, it cannot be back before now.
      expect(by.ad.p50_h).toBeGreaterThanOrEqual(0);
      expect((await admin.get('/api/plan/advice?runs=200')).body.learning).toEqual(plan.learning);
    });

    it('freezes what it learned with an approved picture (needs the learning forecast)', async () => {
      await open();
      await history();
      const draft = (await staff.get('/api/picture')).body;
      const plan = (await admin.get('/api/plan')).body;
      expect(plan.learning).toBeDefined();
      expect(draft.picture.learning).toEqual(plan.learning);
      const approved = await staff.post('/api/pictures', { summary: 'Nätet är tillbaka.' });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      const id = approved.body.picture.id;
      expect(approved.body.picture.content.learning).toEqual(plan.learning);
      // More history later: the approved picture keeps what it said then.
      await status('ad', 'operational');
      server.clock.advance(HOUR);
      const later = (await staff.get(`/api/pictures/${id}`)).body.picture;
      expect(later.content.learning).toEqual(plan.learning);
    });

    describe('where one more person helps most', () => {
      it('names the team whose queue holds the restart back, and the services it brings earlier', async () => {
        const res = await admin.get('/api/plan/advice?runs=100&seed=2');
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        const { teams, services } = res.body;
        expect(res.body).toMatchObject({ runs: 100, seed: 2, as_of_utc: START });
        expect(res.body.p50_h).toBe((await admin.get('/api/plan?runs=100&seed=2')).body.forecast.p50_h);
        // Net and ad tie on priority (society 5) and go by id: ad first.
        expect(services).toEqual(['ad', 'net', 'care', 'files', 'print']);
        expect(teams[0]).toMatchObject({ team: 'infra', capacity: 1, open: 4 });
        expect(teams[0].p50_gain_h).toBeGreaterThan(5);
        expect(teams[0].services.find((s: { id: string }) => s.id === 'net').gain_h).toBeGreaterThan(3);
        // Apps has one open system and two people: one more changes nothing.
        expect(teams[1]).toMatchObject({ team: 'apps', open: 1, p50_gain_h: 0, services_gain_h: 0 });
      });

      it('refuses bad options with 400', async () => {
        const res = await admin.get('/api/plan/advice?runs=0');
        expect(res.status).toBe(400);
        expect(res.body.error.field).toBe('querystring.runs');
      });

      const readers: Role[] = ['admin', 'staff', 'recovery', 'communicator', 'observer'];
      it.each(readers)('%s may read it', async (role) => {
        const client = await signIn(server, { role });
        expect((await client.get('/api/plan/advice?runs=10')).status).toBe(200);
      });
      it('a reporter gets 403, a reporter’s token 403, an anonymous caller 401', async () => {
        const reporter = await signIn(server, { role: 'reporter', unitId: 'it' });
        expect((await reporter.get('/api/plan/advice')).body.error.code).toBe('forbidden');
        expect((await (await tokenClient(server, 'reporter', { unitId: 'it' })).get('/api/plan/advice')).status).toBe(
          403,
        );
        expect((await anonymous(server).get('/api/plan/advice')).status).toBe(401);
      });
    });
  });
}
