import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer, testIds } from '../../../test/support/server.js';
import { seedDemo } from './demo.service.js';
import { DEMO_DEMANDING_UNIT, DEMO_MISSING_UNIT } from './demo-situation.js';

interface Row {
  unit_id: string;
  cycle_at: string;
  late: boolean;
  state: string;
  content: { missing_systems: { system_id: string; need_by: string }[] };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: the demo's situation reports`, () => {
    let server: TestServer;
    beforeEach(async () => {
      server = await startTestServer(dialect);
    });
    afterEach(async () => server.close());

    it('has most units reported, two late, one missing at the latest deadline, several needs, and a need-by before a P90', async () => {
      const accounts = await seedDemo(server.db, { clock: server.clock, config: server.config, ids: testIds('demo') });
      const staffAccount = accounts.find((a) => a.role === 'staff');
      const staff = await signIn(server, { email: staffAccount?.email ?? '', password: staffAccount?.password ?? '' });
      const reports = (await staff.get('/api/reports')).body.reports as Row[];
      const units = (await staff.get('/api/units')).body.units as { id: string }[];
      const cycles = [...new Set(reports.map((r) => r.cycle_at))].sort();
      expect(cycles.length).toBeGreaterThanOrEqual(2);
      expect(cycles.every((c) => Date.parse(c) <= server.clock().getTime())).toBe(true);
      const latest = reports.filter((r) => r.cycle_at === cycles.at(-1));
      expect(latest.map((r) => r.unit_id)).not.toContain(DEMO_MISSING_UNIT);
      expect(latest.length).toBe(units.length - 1);
      expect(reports.every((r) => r.state === 'submitted')).toBe(true);
      expect(reports.filter((r) => r.late).length).toBe(2);

      const needs = await server.db.selectFrom('needs').select(['urgency', 'unit_id']).execute();
      expect(needs.length).toBeGreaterThanOrEqual(4);
      expect(new Set(needs.map((n) => n.urgency)).size).toBeGreaterThanOrEqual(3);

      const demanding = latest.find((r) => r.unit_id === DEMO_DEMANDING_UNIT);
      const [missing] = demanding?.content.missing_systems ?? [];
      expect(missing).toBeDefined();
      const plan = (await staff.get('/api/plan')).body as { systems: { id: string; p90_at: string }[] };
      const line = plan.systems.find((s) => s.id === missing?.system_id);
      expect(Date.parse(missing?.need_by ?? '')).toBeLessThan(Date.parse(line?.p90_at ?? ''));
    });
  });
}
