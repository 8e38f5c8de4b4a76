import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer, testIds } from '../../../test/support/server.js';
import type { System } from '../../domain/catalogue/types.js';
import { gatesLeft, isBack } from '../../domain/incident/board.js';
import { listGateStates } from '../../store/gates/gates.repository.js';
import { currentPlanInput } from '../plan/plan.service.js';
import { seedDemo } from './demo.service.js';
import { DEMO_ELAPSED_HOURS } from './demo-incident.js';

const HOUR = 3_600_000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: the demo incident`, () => {
    let server: TestServer;
    let staff: ApiClient;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      const accounts = await seedDemo(server.db, { clock: server.clock, config: server.config, ids: testIds('demo') });
      const account = accounts.find((a) => a.role === 'observer');
      if (!account) throw new Error('no observer');
      staff = await signIn(server, { email: account.email, password: account.password });
    });
    afterAll(async () => server.close());

    it('is a real incident some days into recovery, beside a past exercise that is closed and flagged', async () => {
      const now = server.clock().getTime();
      const active = (await staff.get('/api/incidents/active')).body.incident;
      expect(active).toMatchObject({ exercise: false, closed_at: null, phase: 'recovery' });
      expect(now - new Date(active.created_at).getTime()).toBe(DEMO_ELAPSED_HOURS * HOUR);
      expect(active.forecast.as_of).toBe(active.created_at);
      expect(active.forecast.total).toBeGreaterThan(50);
      const list = (await staff.get('/api/incidents')).body.incidents;
      expect(list).toHaveLength(2);
      expect(list[1]).toMatchObject({ exercise: true });
      expect(list[1].closed_at).not.toBeNull();
    });

    it('leaves a valid state: every system back has its gates through and its dependencies back', async () => {
      const { systems } = (await staff.get('/api/systems')).body as { systems: System[] };
      const states = await listGateStates(server.db);
      const status = new Map(systems.map((s) => [s.id, s.status ?? 'down']));
      const counts: Record<string, number> = {};
      for (const s of systems) {
        counts[s.status ?? 'down'] = (counts[s.status ?? 'down'] ?? 0) + 1;
        if (!isBack(s.status)) continue;
        expect(gatesLeft(s, states, server.clock()), s.id).toEqual([]);
        for (const d of s.depends_on) expect(isBack(status.get(d)), `${s.id} needs ${d}`).toBe(true);
      }
      for (const st of ['operational', 'limited', 'down']) expect(counts[st], st).toBeGreaterThan(0);
      expect((counts.restoring ?? 0) + (counts.verifying ?? 0)).toBeGreaterThan(0);
      for (const id of ['stadsnat', 'brandvagg', 'ad']) expect(status.get(id)).toBe('operational');
      const waived = states.filter((g) => g.state === 'waived');
      expect(waived.length).toBeGreaterThanOrEqual(2);
      expect(waived.every((g) => g.note.length > 10)).toBe(true);
      expect(
        waived.some((g) => g.expires_at !== null && new Date(g.expires_at).getTime() > server.clock().getTime()),
      ).toBe(true);
      expect(states.filter((g) => g.state === 'passed').every((g) => g.note.length > 10)).toBe(true);
    });

    it('tells its history in the event log, in the past, so that the board draws a real actual line', async () => {
      const entries = await server.db
        .selectFrom('event_log')
        .select(['at', 'kind'])
        .where('kind', '=', 'status')
        .execute();
      expect(entries.length).toBeGreaterThan(20);
      const now = server.clock().toISOString();
      expect(entries.every((e) => e.at <= now)).toBe(true);
      const board = (await staff.get('/api/board')).body;
      const actual = board.chart.actual as { at: string; back: number }[];
      expect(actual.length).toBeGreaterThan(10);
      // A few systems were already back when the incident was opened (the catalogue says so); many more since.
      expect(actual[0].back).toBeLessThan(actual.at(-1)?.back ?? 0);
      for (let i = 1; i < actual.length; i++) expect(actual[i].at >= actual[i - 1].at).toBe(true);
      const backNow = board.columns
        .filter((c: { status: string }) => c.status === 'limited' || c.status === 'operational')
        .reduce((n: number, c: { count: number }) => n + c.count, 0);
      expect(actual.at(-1)?.back).toBe(backNow);
      expect(board.chart.forecast.curve.length).toBeGreaterThan(10);
    });

    it('gives the plan a history to learn from, slower than the estimates, and a team to give one more person', async () => {
      const { options, catalogue } = await currentPlanInput(server.db, server.clock());
      const actuals = Object.entries(options.actuals ?? {});
      const finished = actuals.filter(([, a]) => a.started_h !== null && a.back_h !== null);
      const running = actuals.filter(([, a]) => a.started_h !== null && a.back_h === null);
      expect(finished.length).toBeGreaterThanOrEqual(8);
      expect(running.length).toBeGreaterThanOrEqual(2);
      const likely = new Map(catalogue.systems.map((s) => [s.id, s.estimate_hours?.likely ?? 0]));
      for (const [id, a] of finished) {
        const ratio = ((a.back_h ?? 0) - (a.started_h ?? 0)) / (likely.get(id) ?? 1);
        expect(ratio, id).toBeGreaterThan(1.3);
        expect(ratio, id).toBeLessThan(1.8);
      }
      const advice = (await staff.get('/api/plan/advice')).body;
      expect(advice.teams[0].p50_gain_h).toBeGreaterThan(0);
    });

    it('shows on the plan what it learned from them (needs the learning forecast)', async () => {
      const plan = (await staff.get('/api/plan')).body;
      expect(plan.learning.finished).toBeGreaterThanOrEqual(8);
      expect(plan.learning.factor_p50).toBeGreaterThan(1.15);
    });
  });
}
