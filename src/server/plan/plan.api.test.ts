import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiClient, anonymous, signIn, tokenClient } from '../../../test/support/auth.js';
import { bigCatalogueJson } from '../../../test/support/big-catalogue.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import type { Catalogue } from '../../domain/catalogue/types.js';
import { computePlan } from '../../domain/plan/plan.js';
import { whatIf } from '../../domain/plan/what-if.js';
import type { Role } from '../../domain/roles.js';
import { zoneFormatter } from '../../domain/time.js';
import { withDates } from './plan.service.js';

const EXEMPELSTAD = fs.readFileSync(
  path.resolve(import.meta.dirname, '../../../test/fixtures/exempelstad.yaml'),
  'utf8',
);

const SMALL = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams:
  - { id: infra, name: Infra, capacity: 1 }
units:
  - { id: it, name: IT, kind: office }
systems:
  - { id: net, name: Nät, kind: infrastructure, owner: it, team: infra, society: 5, estimate_hours: 10, gates: [] }
  - { id: ad, name: AD, kind: infrastructure, owner: it, team: infra, depends_on: [net], estimate_hours: { low: 4, likely: 6, high: 8 } }
  - { id: files, name: Filer, kind: platform, owner: it, team: infra, depends_on: [net], society: 1, estimate_hours: 3 }
  - { id: mail, name: E-post, kind: application, owner: it, depends_on: [ad], society: 4, rto_hours: 24 }
`;

const DATE_KEYS = ['start_at', 'finish_at', 'p50_at', 'p90_at'];

// The plan without the fields the server adds (dates), to compare with the domain's own result.
// biome-ignore lint/suspicious/noExplicitAny: response bodies are untyped JSON.
function undated(plan: Record<string, any>) {
  const { as_of_utc: _a, as_of: _b, time_zone: _c, makespan_at: _d, ...rest } = plan;
  return {
    ...rest,
    systems: rest.systems.map((s: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(s).filter(([k]) => !DATE_KEYS.includes(k))),
    ),
    forecast: { ...rest.forecast, p50_at: undefined, p90_at: undefined },
  };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: plan API`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let recovery: ApiClient;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      admin = await signIn(server, { role: 'admin' });
      recovery = await signIn(server, { role: 'recovery' });
    });
    afterAll(async () => server.close());

    beforeEach(async () => {
      const res = await admin.post('/api/catalogue/import?replace=true', { file_name: 'small.yaml', content: SMALL });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    });

    const catalogue = async () => (await admin.get('/api/catalogue')).body as Catalogue;

    it('gives the plan of the stored catalogue, equal to the domain planner, dated from the clock', async () => {
      const res = await admin.get('/api/plan?runs=200&seed=7');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(undated(res.body)).toEqual(
        JSON.parse(JSON.stringify({ ...computePlan(await catalogue(), { runs: 200, seed: 7, friction: 0.3 }) })),
      );
      expect(res.body.forecast).toMatchObject({ runs: 200, seed: 7 });
      // The test clock stands at 2026-11-29T08:00Z: 09:00 in Stockholm in winter.
      expect(res.body.as_of_utc).toBe('2026-11-29T08:00:00.000Z');
      expect(res.body.as_of).toBe('2026-11-29T09:00:00+01:00');
      expect(res.body.time_zone).toBe('Europe/Stockholm');
      const byId = Object.fromEntries(res.body.systems.map((s: { id: string }) => [s.id, s]));
      // net (10 h) first, then ad (6 h, carrying mail's society 4) before files (3 h, society 1).
      expect(byId.net).toMatchObject({ start_h: 0, finish_h: 10, start_at: '2026-11-29T09:00:00+01:00' });
      expect(byId.ad).toMatchObject({ start_h: 10, finish_h: 16, finish_at: '2026-11-30T01:00:00+01:00' });
      expect(byId.ad.inherited_from).toBe('mail');
      expect(byId.files).toMatchObject({ start_h: 16, finish_h: 19, waiting_for: 'net' });
      expect(byId.mail).toMatchObject({ team: null, start_h: 16, finish_h: 24 });
      expect(res.body.makespan_h).toBe(24);
      expect(res.body.makespan_at).toBe('2026-11-30T09:00:00+01:00');
      expect(res.body.warnings).toEqual([expect.objectContaining({ code: 'no-estimate', system: 'mail' })]);
      expect(res.body.critical_chain.map((l: { id: string }) => l.id)).toEqual(['net', 'ad', 'mail']);
    });

    it('writes a plan of several slices whole: every system, in order, with its dates', async () => {
      // 600 systems: three slices of the answer (sliced-reply.ts), each dated as it is written.
      const res = await admin.post('/api/catalogue/import?replace=true', {
        file_name: 'big.json',
        content: bigCatalogueJson(600),
      });
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
      const plan = await admin.get('/api/plan?runs=20&seed=3');
      expect(plan.status).toBe(200);
      expect(plan.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(undated(plan.body)).toEqual(
        JSON.parse(JSON.stringify({ ...computePlan(await catalogue(), { runs: 20, seed: 3, friction: 0.3 }) })),
      );
      const zone = zoneFormatter('Europe/Stockholm');
      const at = (h: number) => zone.format(Date.parse(plan.body.as_of_utc) + h * 3_600_000);
      expect(plan.body.systems).toHaveLength(600);
      for (const s of plan.body.systems) {
        expect([s.start_at, s.finish_at, s.p50_at, s.p90_at]).toEqual([
          at(s.start_h),
          at(s.finish_h),
          at(s.p50_h),
          at(s.p90_h),
        ]);
      }
    });

    it('writes a what-if of several slices whole: both plans dated, and the delta of every system', async () => {
      const res = await admin.post('/api/catalogue/import?replace=true', {
        file_name: 'big.json',
        content: bigCatalogueJson(600),
      });
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
      const body = { capacity: { 'team-0': 9 }, done: ['s0'], runs: 20, seed: 3 };
      const answer = await admin.post('/api/plan/what-if', body);
      expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const { capacity, done, runs, seed } = body;
      const expected = whatIf(await catalogue(), { capacity, done }, { runs, seed, friction: 0.3 });
      const asOf = new Date(answer.body.base.as_of_utc);
      expect(answer.body).toEqual(
        JSON.parse(
          JSON.stringify({
            base: withDates(expected.base, asOf, 'Europe/Stockholm'),
            variant: withDates(expected.variant, asOf, 'Europe/Stockholm'),
            delta: { whole: expected.whole, systems: expected.systems },
          }),
        ),
      );
      expect(answer.body.variant.systems).toHaveLength(600);
      expect(answer.body.delta.systems.length).toBeGreaterThan(250);
    });

    it('uses 1000 runs and seed 1 by default, and gives the same answer twice', async () => {
      const a = await admin.get('/api/plan');
      const b = await admin.get('/api/plan');
      expect(a.body.forecast).toMatchObject({ runs: 1000, seed: 1, friction: 0.3 });
      expect(b.body).toEqual(a.body);
    });

    it('follows every change of a status or an estimate (the cache is keyed by the content)', async () => {
      const before = await admin.get('/api/plan?runs=50');
      expect(before.body.makespan_h).toBe(24);
      const patched = await recovery.patch('/api/systems/net', { status: 'restoring', remaining_hours: 2 });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      const after = await admin.get('/api/plan?runs=50');
      const net = after.body.systems.find((s: { id: string }) => s.id === 'net');
      expect(net).toMatchObject({ status: 'restoring', start_h: 0, finish_h: 2 });
      expect(after.body.makespan_h).toBe(16);
      const estimate = await recovery.patch('/api/systems/ad', { estimate_hours: { low: 1, likely: 1, high: 1 } });
      expect(estimate.status).toBe(200);
      expect((await admin.get('/api/plan?runs=50')).body.makespan_h).toBe(11);
      await recovery.patch('/api/systems/net', { status: 'operational', remaining_hours: null });
      const done = await admin.get('/api/plan?runs=50');
      expect(done.body.systems.find((s: { id: string }) => s.id === 'net')).toMatchObject({ start_h: 0, finish_h: 0 });
    });

    it('plans an empty catalogue as nothing to do', async () => {
      const empty = await startTestServer(dialect);
      try {
        const res = await (await signIn(empty, { role: 'observer' })).get('/api/plan?runs=10');
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body).toMatchObject({ makespan_h: 0, systems: [], critical_chain: [], warnings: [] });
      } finally {
        await empty.close();
      }
    });

    it('plans the reference catalogue', async () => {
      const res = await admin.post('/api/catalogue/import?replace=true', {
        file_name: 'exempelstad.yaml',
        content: EXEMPELSTAD,
      });
      expect(res.status).toBe(200);
      const plan = await admin.get('/api/plan?runs=100');
      expect(plan.status).toBe(200);
      expect(plan.body.systems).toHaveLength((await catalogue()).systems.length);
      expect(plan.body.forecast.p90_h).toBeGreaterThanOrEqual(plan.body.forecast.p50_h);
      expect(plan.body.systems[0].id).toBe('core-network');
    });

    it.each([
      ['runs=0', 'querystring.runs'],
      ['runs=5001', 'querystring.runs'],
      ['runs=many', 'querystring.runs'],
      ['runs=1.5', 'querystring.runs'],
      ['seed=-1', 'querystring.seed'],
      ['color=red', undefined],
    ])('refuses ?%s with 400', async (query, field) => {
      const res = await admin.get(`/api/plan?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      if (field) expect(res.body.error.field).toBe(field);
    });

    describe('who may read', () => {
      const readers: Role[] = ['admin', 'staff', 'recovery', 'communicator', 'observer'];
      it.each(readers)('%s reads the plan and the explanations', async (role) => {
        const client = await signIn(server, { role });
        expect((await client.get('/api/plan?runs=10')).status).toBe(200);
        expect((await client.get('/api/systems/mail/why')).status).toBe(200);
      });
      it('a reporter gets 403, an anonymous caller 401', async () => {
        const reporter = await signIn(server, { role: 'reporter', unitId: 'it' });
        for (const p of ['/api/plan', '/api/systems/mail/why']) {
          expect((await reporter.get(p)).body.error.code).toBe('forbidden');
          expect((await anonymous(server).get(p)).status).toBe(401);
        }
        expect((await reporter.post('/api/plan/what-if', {})).status).toBe(403);
        expect((await anonymous(server).post('/api/plan/what-if', {})).status).toBe(401);
      });
      it('an API token reads the plan with its user’s rights', async () => {
        expect((await (await tokenClient(server, 'observer')).get('/api/plan?runs=10')).status).toBe(200);
        expect((await (await tokenClient(server, 'reporter', { unitId: 'it' })).get('/api/plan')).status).toBe(403);
      });
    });

    describe('what-if', () => {
      it.each(['admin', 'staff', 'recovery'] as Role[])('%s compares base and variant', async (role) => {
        const client = await signIn(server, { role });
        const res = await client.post('/api/plan/what-if', { capacity: { infra: 2 }, runs: 50 });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        // With two slots, ad and files run side by side after net: mail finishes at 10 + 6 + 8 = 24 still,
        // but files finishes at 13 instead of 19.
        const files = res.body.delta.systems.find((s: { id: string }) => s.id === 'files');
        expect(files.finish_h).toEqual({ base: 19, variant: 13, delta: -6 });
        expect(res.body.delta.whole.finish_h).toEqual({ base: 24, variant: 24, delta: 0 });
        expect(res.body.base.forecast.runs).toBe(50);
        expect(res.body.variant.systems).toHaveLength(4);
        expect(res.body.variant.as_of).toBe('2026-11-29T09:00:00+01:00');
      });

      it.each(['communicator', 'observer'] as Role[])('%s may not (403)', async (role) => {
        const client = await signIn(server, { role });
        expect((await client.post('/api/plan/what-if', { done: ['net'] })).status).toBe(403);
      });

      it('marks systems done and moves estimates, and changes nothing stored', async () => {
        const before = await admin.get('/api/plan?runs=50');
        const catalogueBefore = await catalogue();
        const res = await recovery.post('/api/plan/what-if', {
          done: ['net'],
          estimates: { ad: { low: 1, likely: 2, high: 3 } },
          runs: 50,
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        const variant = Object.fromEntries(res.body.variant.systems.map((s: { id: string }) => [s.id, s]));
        expect(variant.net).toMatchObject({ start_h: 0, finish_h: 0 });
        expect(variant.ad).toMatchObject({ start_h: 0, finish_h: 2 });
        expect(res.body.delta.whole.finish_h).toEqual({ base: 24, variant: 10, delta: -14 });
        expect(res.body.delta.whole.p50_h.delta).toBeLessThan(0);
        expect(undated(res.body.base)).toEqual(undated(before.body));
        expect(await catalogue()).toEqual(catalogueBefore);
        expect((await admin.get('/api/plan?runs=50')).body).toEqual(before.body);
      });

      it.each([
        [{ capacity: { nope: 2 } }, 'capacity.nope', 'bad_request'],
        [{ capacity: { infra: 0 } }, 'capacity.infra', 'validation_failed'],
        [{ capacity: { infra: 1.5 } }, 'capacity.infra', 'validation_failed'],
        [{ done: ['net', 'ghost'] }, 'done[1]', 'bad_request'],
        [{ done: ['Not An Id'] }, 'done.0', 'validation_failed'],
        [{ estimates: { ghost: { low: 1, likely: 2, high: 3 } } }, 'estimates.ghost', 'bad_request'],
        [{ estimates: { ad: { low: 3, likely: 2, high: 1 } } }, 'estimates.ad', 'bad_request'],
        [{ estimates: { ad: { low: 1, likely: 2 } } }, 'estimates.ad', 'validation_failed'],
        [{ runs: 0 }, 'runs', 'validation_failed'],
        [{ colour: 'red' }, undefined, 'validation_failed'],
      ])('refuses %j with 400 naming the field', async (body, field, code) => {
        const res = await admin.post('/api/plan/what-if', body);
        expect(res.status, JSON.stringify(res.body)).toBe(400);
        expect(res.body.error.code).toBe(code);
        if (field) expect(res.body.error.field).toMatch(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}`));
      });

      it('needs the CSRF token with a session cookie', async () => {
        const res = await admin.raw('/api/plan/what-if', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        expect(res.status).toBe(403);
      });
    });

    describe('why', () => {
      it('explains what holds a system and where its priority comes from', async () => {
        const res = await admin.get('/api/systems/mail/why');
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.why_not_yet).toMatchObject({
          id: 'mail',
          finished: false,
          waiting_on: ['ad'],
          roots: ['net'],
          chain: [
            { id: 'ad', status: 'down', waiting_on: ['net'] },
            { id: 'net', status: 'down', waiting_on: [] },
          ],
        });
        expect(res.body.systems.ad).toEqual({ name: 'AD', status: 'down' });
        const ad = (await admin.get('/api/systems/ad/why')).body.why_before;
        expect(ad).toMatchObject({ id: 'ad', priority: [4, null, -24], own_priority: [null, null, null] });
        expect(ad.inherited_from).toBe('mail');
        expect(ad.path).toEqual(['ad', 'mail']);
      });

      it('follows statuses: a finished dependency no longer holds', async () => {
        await recovery.patch('/api/systems/net', { status: 'operational' });
        const res = await admin.get('/api/systems/mail/why');
        expect(res.body.why_not_yet).toMatchObject({ waiting_on: ['ad'], roots: ['ad'] });
      });

      it('answers 404 for an unknown system and 400 for a malformed id', async () => {
        expect((await admin.get('/api/systems/ghost/why')).status).toBe(404);
        const bad = await admin.get('/api/systems/NOT_AN_ID/why');
        expect(bad.status).toBe(400);
        expect(bad.body.error.field).toBe('params.id');
      });
    });
  });
}
