/**
 * The access matrix (issue 12, part 7; docs/security.md, "Access control"): every route the server
 * registers — taken from its own route table, hidden routes included, not from the API document — against
 * every role by session and by API token, a read-only token, an anonymous caller and a reporter of another
 * unit. Who may use each route is written once, in ACCESS below; a route without an entry fails the test.
 *
 * "Allowed" means the route's guard let the caller through: a GET answers 2xx (3xx for a redirect), a write
 * answers anything but 401, 403 or the 404 of a refused other unit (usually a 400 about the body, or a 404
 * for a junk id). "Denied" is 401 for anonymous callers, 403 for a wrong role, and for a reporter of another
 * unit the 404 of `OtherUnitRefusal` — recognised by the refusal audit's counter, since the answer itself
 * must look exactly like "not found". A denied write carries a body that is not JSON at all: a 400 would show
 * that the body was read before the caller was checked.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createUser, signIn } from '../../test/support/auth.js';
import { DIALECTS } from '../../test/support/dialects.js';
import { errorCodeOf, exchange, UNSAFE } from '../../test/support/raw-api.js';
import { startTestServer, type TestServer, testIds } from '../../test/support/server.js';
import { type POLICY, rolesFor } from '../domain/access.js';
import { INTERNAL_READERS, ROLES, type Role } from '../domain/roles.js';
import { OTHER_UNIT_ACTION, REFUSAL_WINDOW_MS, windowStart } from './audit/refusals.js';
import { seedDemo } from './demo/demo.service.js';
import { createToken } from './users/users.service.js';

/** Who may use a route. */
interface Access {
  /** The roles whose sessions and read-write tokens may; 'public' for everyone, anonymous callers too. */
  roles: readonly Role[] | 'public';
  /**
   * The roles the route's guard admits, when wider than `roles`: the rest are refused by the service on the
   * probe's record (403 after reading a well-formed body), not by the guard.
   */
  guard?: readonly Role[];
  /** Only a signed-in session (the account's own routes): an API token gets 403. */
  sessionOnly?: true;
  /**
   * The route acts on one unit's records: the probe names a record of the reporter's own unit, and a
   * reporter of another unit gets the 404 of OtherUnitRefusal (recorded in the refusal audit).
   */
  otherUnit?: true;
  /** Only its own bearer token counts (METRICS_TOKEN): an API token gets the 404 of an unknown address. */
  ownToken?: true;
}

const ALL = ROLES;
const PUBLIC = { roles: 'public' } as const;
const SESSION = { roles: ALL, sessionOnly: true } as const;
const INTERNAL = { roles: rolesFor('internal.read') } as const;
const EDITORS = { roles: rolesFor('catalogue.edit') } as const;
const ADMIN = { roles: ['admin'] } as const satisfies Access;
const of = (action: keyof typeof POLICY, extra: Partial<Access> = {}): Access => ({
  roles: rolesFor(action),
  ...extra,
});

/**
 * Every route of the server, by method and Fastify URL pattern, and who may use it. HEAD follows GET.
 * A new route must be added here: the test fails until it is.
 */
const ACCESS: Record<string, Access> = {
  // The account: set-up, sign-in and invitations are anonymous; the rest needs the caller's own session.
  'GET /api/setup': PUBLIC,
  'POST /api/setup': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/invitations/inspect': PUBLIC,
  'POST /api/invitations/accept': PUBLIC,
  'POST /api/auth/totp/verify': SESSION,
  'POST /api/auth/totp/enroll': SESSION,
  'POST /api/auth/totp/confirm': SESSION,
  // A token may ask who it is.
  'GET /api/auth/me': { roles: ALL },
  'PATCH /api/auth/me': SESSION,
  'POST /api/auth/password': SESSION,
  'GET /api/auth/sessions': SESSION,
  'DELETE /api/auth/sessions/:id': SESSION,
  'POST /api/auth/logout': SESSION,
  'POST /api/auth/logout-all': SESSION,
  // Users and the audit trail: the administrator; everyone their own tokens.
  'GET /api/users': ADMIN,
  'POST /api/users': ADMIN,
  'PATCH /api/users/:id': ADMIN,
  'POST /api/users/:id/invitation': ADMIN,
  'POST /api/users/:id/invitation/sms': ADMIN,
  'POST /api/users/:id/unlock': ADMIN,
  'POST /api/users/:id/revoke-sessions': ADMIN,
  'POST /api/users/:id/reset-totp': ADMIN,
  'GET /api/tokens': { roles: ALL },
  'POST /api/tokens': { roles: ALL },
  'DELETE /api/tokens/:id': { roles: ALL },
  'GET /api/audit': ADMIN,
  // The catalogue: every role reads units, teams and systems (a reporter's narrowed); editors change them.
  'GET /api/catalogue': { roles: ALL },
  'GET /api/units': { roles: ALL },
  'GET /api/units/:id': { roles: ALL, otherUnit: true },
  'POST /api/units': EDITORS,
  'PATCH /api/units/:id': EDITORS,
  'DELETE /api/units/:id': EDITORS,
  'GET /api/teams': { roles: ALL },
  'POST /api/teams': EDITORS,
  'PATCH /api/teams/:id': EDITORS,
  'DELETE /api/teams/:id': EDITORS,
  'GET /api/systems': { roles: ALL },
  'GET /api/systems/:id': { roles: ALL },
  'POST /api/systems': EDITORS,
  'PATCH /api/systems/:id': of('system.status'),
  'DELETE /api/systems/:id': EDITORS,
  'POST /api/catalogue/import/preview': EDITORS,
  'POST /api/catalogue/import': EDITORS,
  'GET /api/catalogue/export': INTERNAL,
  'GET /api/catalogue/changes': INTERNAL,
  // The plan and the gates.
  'GET /api/plan': INTERNAL,
  'GET /api/plan/advice': INTERNAL,
  'POST /api/plan/what-if': of('system.status'),
  'GET /api/systems/:id/why': INTERNAL,
  'GET /api/systems/:id/gates': INTERNAL,
  'PUT /api/systems/:id/gates/:gate': of('gate.decide'),
  'POST /api/systems/:id/status': of('system.status'),
  // Tasks and obligations.
  'GET /api/tasks': { roles: ALL },
  'POST /api/tasks': of('task.manage'),
  'PATCH /api/tasks/:id': of('task.manage'),
  // The probe's task is the own unit's: its reporter and the task managers may report it back (mayReportTask),
  // the other roles the guard admits are refused by the service, and a reporter of another unit finds it absent.
  'POST /api/tasks/:id/report': {
    roles: ['admin', 'staff', 'reporter'],
    guard: rolesFor('task.report'),
    otherUnit: true,
  },
  'GET /api/obligation-templates': INTERNAL,
  'PUT /api/obligation-templates': of('obligation.manage'),
  'GET /api/obligations': INTERNAL,
  'POST /api/obligations/:id/sent': of('obligation.manage'),
  'POST /api/obligations/:id/not-applicable': of('obligation.manage'),
  // The situation: reports and needs are unit-scoped; rhythms and coverage internal.
  'GET /api/needs': of('report.read'),
  'GET /api/needs/:id': of('report.read', { otherUnit: true }),
  'POST /api/needs': of('need.raise', { otherUnit: true }),
  'PATCH /api/needs/:id': of('need.manage'),
  'POST /api/needs/:id/notes': of('need.raise', { otherUnit: true }),
  'GET /api/report-form': of('report.read', { otherUnit: true }),
  'GET /api/reports': of('report.read', { otherUnit: true }),
  'GET /api/reports/:id': of('report.read', { otherUnit: true }),
  'POST /api/reports/draft': of('report.write', { otherUnit: true }),
  'POST /api/reports/submit': of('report.write', { otherUnit: true }),
  'POST /api/reports/:id/amend': of('report.write', { otherUnit: true }),
  'GET /api/rhythms': INTERNAL,
  'POST /api/rhythms': of('rhythm.manage'),
  'POST /api/rhythms/:id/end': of('rhythm.manage'),
  'GET /api/deadlines': of('report.read'),
  'GET /api/coverage': INTERNAL,
  'GET /api/picture': INTERNAL,
  'POST /api/pictures': of('picture.approve'),
  'GET /api/pictures': INTERNAL,
  'GET /api/pictures/:id': INTERNAL,
  'GET /api/pictures/:id/export': INTERNAL,
  // The decision log and the event log.
  'GET /api/decisions': INTERNAL,
  'GET /api/decisions/export.json': INTERNAL,
  'GET /api/decisions/export.csv': INTERNAL,
  'GET /api/decisions/:id': INTERNAL,
  'POST /api/decisions': of('decision.add'),
  'POST /api/decisions/:id/corrections': of('decision.add'),
  'GET /api/log': INTERNAL,
  'POST /api/log': of('event.add'),
  'GET /api/log/export.csv': INTERNAL,
  'GET /api/log/export.json': INTERNAL,
  'GET /api/events': { roles: ALL },
  // Incidents: every role sees whether one is open (and whether it is an exercise).
  'GET /api/incidents': INTERNAL,
  'GET /api/incidents/active': { roles: ALL },
  'GET /api/incidents/:id': INTERNAL,
  'POST /api/incidents': of('incident.manage'),
  'PATCH /api/incidents/:id': of('incident.manage'),
  'POST /api/incidents/:id/close': of('incident.manage'),
  'GET /api/board': INTERNAL,
  // Public updates and the public hub's partners.
  'GET /api/notices': INTERNAL,
  'POST /api/notices': of('notice.write'),
  'GET /api/notices/:id': INTERNAL,
  'PATCH /api/notices/:id': of('notice.write'),
  'PUT /api/notices/:id/texts/:lang': of('notice.write'),
  'POST /api/notices/:id/submit': of('notice.write'),
  'POST /api/notices/:id/return': of('notice.write'),
  'POST /api/notices/:id/publish': of('notice.publish'),
  'POST /api/notices/:id/amend': of('notice.write'),
  'GET /api/notices/:id/print': INTERNAL,
  'GET /api/site/languages': INTERNAL,
  'PUT /api/site/languages': EDITORS,
  'GET /api/public-services': INTERNAL,
  'PUT /api/public-services/:system_id/forecast': of('notice.write'),
  'GET /api/webhooks': of('notice.write'),
  'POST /api/webhooks': of('notice.write'),
  'POST /api/webhooks/:id/secret': of('notice.write'),
  'DELETE /api/webhooks/:id': of('notice.write'),
  'POST /api/webhooks/:id/test': of('notice.write'),
  // The outgoing channels and their queue: the administrator.
  'GET /api/outgoing/channels': of('channels.manage'),
  'GET /api/outgoing/messages': of('channels.manage'),
  'POST /api/outgoing/test': of('channels.manage'),
  'POST /api/outgoing/messages/:id/retry': of('channels.manage'),
  // The API document, the health check, the public site and the staff UI's files are public.
  'GET /api/docs': PUBLIC,
  'GET /api/docs/static/index.html': PUBLIC,
  'GET /api/docs/static/swagger-initializer.js': PUBLIC,
  'GET /api/docs/json': PUBLIC,
  'GET /api/docs/yaml': PUBLIC,
  'GET /api/docs/static/*': PUBLIC,
  // Swagger UI answers HEAD on its root with a route of its own (and GET by a redirect from /api/docs).
  'HEAD /api/docs/': PUBLIC,
  'GET /healthz': PUBLIC,
  'GET /readyz': PUBLIC,
  // From loopback without a forwarding header, as this test calls; from elsewhere only with METRICS_TOKEN,
  // else 404 (src/server/ops/ops.api.test.ts proves that side).
  'GET /metrics': { roles: 'public', ownToken: true },
  'GET /': PUBLIC,
  'GET /updates': PUBLIC,
  'GET /updates/': PUBLIC,
  'GET /updates/:slug': PUBLIC,
  'GET /accessibility': PUBLIC,
  'GET /feed.atom': PUBLIC,
  'GET /feed.json': PUBLIC,
  'GET /status.json': PUBLIC,
  'GET /subscribe': PUBLIC,
  'POST /subscribe': PUBLIC,
  'GET /subscribe/confirm': PUBLIC,
  'POST /subscribe/confirm': PUBLIC,
  'GET /unsubscribe': PUBLIC,
  'POST /unsubscribe': PUBLIC,
  'GET /app': PUBLIC,
  'GET /app/': PUBLIC,
  'GET /app/*': PUBLIC,
};

/**
 * The sensitive routes, by hand: who may use them, written without POLICY, so that a change of the
 * policy that opens one of them fails here instead of being mirrored by the table above.
 */
const BY_HAND: Record<string, readonly Role[]> = {
  'GET /api/users': ['admin'],
  'POST /api/users': ['admin'],
  'PATCH /api/users/:id': ['admin'],
  'POST /api/users/:id/reset-totp': ['admin'],
  'POST /api/users/:id/revoke-sessions': ['admin'],
  'GET /api/audit': ['admin'],
  'GET /api/outgoing/channels': ['admin'],
  'POST /api/outgoing/test': ['admin'],
  'POST /api/catalogue/import': ['admin', 'staff'],
  'DELETE /api/units/:id': ['admin', 'staff'],
  'DELETE /api/systems/:id': ['admin', 'staff'],
  'PUT /api/systems/:id/gates/:gate': ['admin', 'staff', 'recovery'],
  'POST /api/systems/:id/status': ['admin', 'staff', 'recovery'],
  'POST /api/decisions': ['admin', 'staff'],
  'POST /api/decisions/:id/corrections': ['admin', 'staff'],
  'POST /api/incidents': ['admin', 'staff'],
  'POST /api/pictures': ['admin', 'staff'],
  'POST /api/notices/:id/publish': ['admin', 'staff', 'communicator'],
  'PATCH /api/needs/:id': ['admin', 'staff'],
  'POST /api/reports/submit': ['admin', 'staff', 'reporter'],
  'GET /api/catalogue/export': ['admin', 'staff', 'recovery', 'communicator', 'observer'],
  'GET /api/log': ['admin', 'staff', 'recovery', 'communicator', 'observer'],
  'GET /api/decisions': ['admin', 'staff', 'recovery', 'communicator', 'observer'],
  'GET /api/plan': ['admin', 'staff', 'recovery', 'communicator', 'observer'],
};

/** A caller of the matrix. */
type Caller =
  | { kind: 'anonymous'; name: string }
  | { kind: 'session' | 'token'; role: Role; name: string }
  | { kind: 'read-only token'; role: Role; name: string }
  | { kind: 'other unit'; role: 'reporter'; name: string };

const CALLERS: Caller[] = [
  // First, while the refusal audit's window is fresh (the test also moves the clock on between callers).
  { kind: 'other unit', role: 'reporter', name: 'reporter of another unit' },
  { kind: 'anonymous', name: 'anonymous' },
  ...ROLES.map((role) => ({ kind: 'session' as const, role, name: role })),
  ...ROLES.map((role) => ({ kind: 'token' as const, role, name: `${role} token` })),
  { kind: 'read-only token', role: 'admin', name: 'read-only admin token' },
];

const HEAD_CALLERS = new Set(['anonymous', 'reporter', 'reporter of another unit', 'read-only admin token']);

type Expected = 'allow' | 401 | 403 | 404;

/**
 * What the caller must get from the route, from its one entry in ACCESS, and whether the refusal comes
 * before the body is read (from the auth plugin or the route's guard).
 */
function expected(access: Access, method: string, caller: Caller): { want: Expected; early: boolean } {
  // A read-only token is refused any write before anything else looks at the request.
  if (caller.kind === 'read-only token' && UNSAFE.has(method)) return { want: 403, early: true };
  if (access.ownToken && (caller.kind === 'token' || caller.kind === 'read-only token'))
    return { want: 404, early: true };
  if (access.roles === 'public') return { want: 'allow', early: false };
  if (caller.kind === 'anonymous') return { want: 401, early: true };
  if (!(access.guard ?? access.roles).includes(caller.role)) return { want: 403, early: true };
  if ((caller.kind === 'token' || caller.kind === 'read-only token') && access.sessionOnly)
    return { want: 403, early: true };
  if (!access.roles.includes(caller.role)) return { want: 403, early: false };
  if (caller.kind === 'other unit' && access.otherUnit) return { want: 404, early: false };
  return { want: 'allow', early: false };
}

// Links of the subscription e-mails: without a token in the link the page says so, with a 404.
const LINK_PAGES = new Set(['GET /subscribe/confirm', 'GET /unsubscribe']);

/** The ids of real records the probes name: the demo municipality's, the own reporter's unit is `vof`. */
interface Fixture {
  unit: string;
  otherUnit: string;
  system: string;
  team: string;
  decision: string;
  incident: string;
  picture: string;
  notice: string;
  slug: string;
  need: string;
  report: { id: string; cycle_at: string; content: unknown };
  task: string;
}

const JUNK = 'zz-missing';

/** The request that probes a route for a caller: a real record where the answer must be 2xx, a junk id for writes. */
function probe(
  method: string,
  url: string,
  f: Fixture,
  early: false | 'not JSON' | 'too deep' | 'too large',
  limits: { bodyLimit: number; jsonDepth: number },
): { path: string; body?: string; contentType?: string; accept?: string } {
  const unsafe = UNSAFE.has(method);
  const json = (v: unknown) => ({ body: JSON.stringify(v), contentType: 'application/json' });
  // A denied write carries a body that is not JSON, nested too deep or over the route's limit: reading it
  // first would answer 400, 422 or 413.
  const denied = {
    body:
      early === 'too deep'
        ? `{"zz":${'['.repeat(limits.jsonDepth)}${']'.repeat(limits.jsonDepth)}}`
        : early === 'too large'
          ? `{"zz":"${'a'.repeat(limits.bodyLimit)}"}`
          : '{"broken": ',
    contentType: 'application/json',
  };
  const key = `${method} ${url}`;
  const unitScoped: Record<string, () => { path: string; body?: string; contentType?: string }> = {
    'POST /api/tasks/:id/report': () => ({ path: `/api/tasks/${f.task}/report`, ...json({ text: 'Klart.' }) }),
    'POST /api/needs': () => ({
      path: '/api/needs',
      ...json({ unit_id: f.unit, title: 'Matrix', category: 'information', urgency: 'low' }),
    }),
    'POST /api/needs/:id/notes': () => ({ path: `/api/needs/${f.need}/notes`, ...json({ note: 'Matrix' }) }),
    'POST /api/reports/draft': () => ({
      path: '/api/reports/draft',
      ...json({ unit_id: f.unit, cycle_at: f.report.cycle_at, content: f.report.content }),
    }),
    'POST /api/reports/submit': () => ({
      path: '/api/reports/submit',
      ...json({ unit_id: f.unit, cycle_at: f.report.cycle_at, content: f.report.content }),
    }),
    'POST /api/reports/:id/amend': () => ({
      path: `/api/reports/${f.report.id}/amend`,
      ...json({ content: f.report.content }),
    }),
  };
  if (unsafe) {
    if (early) return { path: url.replace(/:\w+/g, JUNK), ...denied };
    const scoped = unitScoped[key];
    if (scoped) return scoped();
    // Anything else allowed gets a junk id and an unknown property: the guard passed, the input is refused.
    return { path: url.replace(/:\w+/g, JUNK), ...json({ zz_matrix: 1 }) };
  }
  const paths: Record<string, string> = {
    '/api/units/:id': `/api/units/${f.unit}`,
    '/api/systems/:id': `/api/systems/${f.system}`,
    '/api/systems/:id/why': `/api/systems/${f.system}/why`,
    '/api/systems/:id/gates': `/api/systems/${f.system}/gates`,
    '/api/decisions/:id': `/api/decisions/${f.decision}`,
    '/api/incidents/:id': `/api/incidents/${f.incident}`,
    '/api/pictures/:id': `/api/pictures/${f.picture}`,
    '/api/pictures/:id/export': `/api/pictures/${f.picture}/export`,
    '/api/notices/:id': `/api/notices/${f.notice}`,
    '/api/notices/:id/print': `/api/notices/${f.notice}/print`,
    '/api/needs/:id': `/api/needs/${f.need}`,
    '/api/reports/:id': `/api/reports/${f.report.id}`,
    '/api/reports': `/api/reports?unit_id=${f.unit}`,
    '/api/report-form': `/api/report-form?unit_id=${f.unit}`,
    '/updates/:slug': `/updates/${f.slug}`,
    '/api/docs/static/*': '/api/docs/static/swagger-ui.css',
    '/app/*': '/app/systems',
  };
  const found = paths[url];
  if (found) return { path: found };
  if (url === '/api/events') return { path: url, accept: 'text/event-stream' };
  if (url.includes(':') || url.includes('*')) throw new Error(`no probe for ${key}: add one`);
  return { path: url };
}

// The routes that end the caller's session go last, so that it can be used until then.
const LAST = ['POST /api/auth/logout', 'POST /api/auth/logout-all'];

// A tiny staff UI, so that /app/* answers as it does in production rather than "not built".
function tinyWebRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-matrix-web-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Lifeboat</title>');
  return dir;
}

describe('the access table', () => {
  it('says by hand who may use the sensitive routes, and agrees with POLICY', () => {
    const disagree = Object.entries(BY_HAND)
      .map(([key, roles]) => {
        const entry = ACCESS[key];
        const got = entry === undefined ? 'missing' : entry.roles === 'public' ? 'public' : [...entry.roles].sort();
        return { key, want: [...roles].sort(), got };
      })
      .filter(({ want, got }) => JSON.stringify(want) !== JSON.stringify(got));
    expect(disagree).toEqual([]);
    // Reporters never read the internal picture, whatever the policy says of it.
    expect(INTERNAL_READERS).not.toContain('reporter');
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: the access matrix over the server's own route table`, () => {
    let server: TestServer;
    let webRoot: string;
    let fixture: Fixture;

    beforeAll(async () => {
      webRoot = tinyWebRoot();
      server = await startTestServer(dialect, {}, { webRoot });
      await seedDemo(server.db, { clock: server.clock, config: server.config, ids: testIds('demo') });
      await server.app.publicSite.rebuild();
      const admin = await signIn(server, { role: 'admin' });
      const get = async (p: string) => {
        const res = await admin.get(p);
        expect(res.status, `${p}: ${JSON.stringify(res.body)}`).toBe(200);
        return res.body;
      };
      const unit = 'vof';
      const reports = (await get(`/api/reports?unit_id=${unit}`)).reports as {
        id: string;
        cycle_at: string;
        content: unknown;
      }[];
      const needs = (await get('/api/needs')).needs as { id: string; unit_id: string }[];
      const tasks = (await get('/api/tasks')).tasks as { id: string; assignee_unit_id: string | null }[];
      const notices = (await get('/api/notices')).notices as { id: string; slug: string; is_public: boolean }[];
      const report = reports[0];
      const need = needs.find((n) => n.unit_id === unit);
      const task = tasks.find((t) => t.assignee_unit_id === unit);
      const published = notices.find((n) => n.is_public);
      if (!report || !need || !task || !published) throw new Error('the demo lacks a record the probes need');
      fixture = {
        unit,
        otherUnit: 'bun',
        system: ((await get('/api/systems')).systems as { id: string }[])[0]?.id ?? '',
        team: ((await get('/api/teams')).teams as { id: string }[])[0]?.id ?? '',
        decision: ((await get('/api/decisions')).decisions as { id: string }[])[0]?.id ?? '',
        incident: ((await get('/api/incidents/active')).incident as { id: string }).id,
        picture: ((await get('/api/pictures')).pictures as { id: string }[])[0]?.id ?? '',
        notice: published.id,
        slug: published.slug,
        need: need.id,
        report: { id: report.id, cycle_at: report.cycle_at, content: report.content },
        task: task.id,
      };
    });
    afterAll(async () => {
      await server?.close();
      fs.rmSync(webRoot, { recursive: true, force: true });
    });

    it('gives every route an entry, and every caller exactly what its entry says', async () => {
      const table = server.app.routeTable;
      // A thin table would make this test pass vacuously.
      expect(table.length).toBeGreaterThan(200);
      const keys = [...new Set(table.map((r) => `${r.method} ${r.url}`))];
      // HEAD is GET without the body: it follows GET's entry. The staff UI's files (one route each, as the
      // build names them) follow /app/*.
      const entryOf = (key: string) => {
        const get = key.replace(/^HEAD /, 'GET ');
        return ACCESS[key] ?? ACCESS[/^GET \/app\/[^:*]+$/.test(get) ? 'GET /app/*' : get];
      };
      expect(
        keys.filter((k) => entryOf(k) === undefined),
        'routes without an entry in ACCESS',
      ).toEqual([]);
      const stale = Object.keys(ACCESS).filter((k) => !keys.includes(k));
      const file = keys.find((k) => k === 'GET /app/index.html');
      expect(file, 'the staff UI files are routes of their own').toBeDefined();
      expect(stale, 'entries in ACCESS for routes the server does not have').toEqual([]);
      const limitOf = new Map(table.map((r) => [`${r.method} ${r.url}`, r.bodyLimit]));

      const base = new URL(server.url);
      const failures: string[] = [];
      const counts = { allow: 0, 401: 0, 403: 0, 404: 0 };
      const tokenIds = new Map<string, string>();

      for (const caller of CALLERS) {
        // A fresh refusal window per caller: the other unit's 404s are counted on their own audit keys.
        server.clock.advance(REFUSAL_WINDOW_MS);
        const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
        const headers: Record<string, string> = {};
        let csrf: string | null = null;
        let userId: string | null = null;
        // A new session of the caller's user (the routes that end sessions get one each).
        let newSession = async () => {};
        if (caller.kind === 'session' || caller.kind === 'other unit') {
          const unitId =
            caller.role === 'reporter' ? (caller.kind === 'other unit' ? fixture.otherUnit : fixture.unit) : undefined;
          const user = await createUser(server, { role: caller.role, unitId });
          newSession = async () => {
            const client: ApiClient = await signIn(server, { email: user.email, password: user.password });
            headers.cookie = `lifeboat_session=${client.cookie}`;
            csrf = client.csrfToken;
          };
          await newSession();
          userId = user.id;
        } else if (caller.kind === 'token' || caller.kind === 'read-only token') {
          const unitId = caller.role === 'reporter' ? fixture.unit : undefined;
          const user = await createUser(server, { role: caller.role, unitId });
          const readOnly = caller.kind === 'read-only token';
          const { id, token } = await server.db
            .transaction()
            .execute((trx) =>
              createToken(
                trx,
                { clock: server.clock, config: server.config, ids: testIds(`mt-${caller.name.replaceAll(' ', '-')}`) },
                user.id,
                { name: caller.name, readOnly },
                user.id,
              ),
            );
          tokenIds.set(caller.name, id);
          headers.authorization = `Bearer ${token}`;
          userId = user.id;
        }
        // The other-unit refusals counted so far on each key of this caller's window: only this test adds to them.
        const known = new Map<string, number>();
        const refusedNow = async (method: string, url: string): Promise<boolean> => {
          if (!userId) return false;
          const key = `${windowStart(server.clock())}|${OTHER_UNIT_ACTION}|user:${userId}|${method} ${url}`;
          const row = await server.db
            .selectFrom('audit_refusals')
            .select('count')
            .where('key', '=', key)
            .executeTakeFirst();
          const count = Number(row?.count ?? 0);
          const before = known.get(key) ?? 0;
          known.set(key, count);
          return count > before;
        };

        const check = async (key: string) => {
          const [method = '', url = ''] = key.split(' ');
          const entry = entryOf(key);
          if (!entry) return;
          const { want, early } = expected(entry, method, caller);
          // Each kind of caller tries one kind of unreadable body on the routes that refuse it.
          const unreadable =
            caller.kind === 'anonymous' ? 'too large' : caller.kind === 'session' ? 'not JSON' : 'too deep';
          const limits = { bodyLimit: limitOf.get(key) ?? server.config.bodyLimit, jsonDepth: server.config.jsonDepth };
          const p = probe(method, url, fixture, early && unreadable, limits);
          if (LAST.includes(key)) await newSession();
          const h: Record<string, string> = { ...headers };
          if (p.contentType) h['content-type'] = p.contentType;
          if (p.accept) h.accept = p.accept;
          if (csrf && UNSAFE.has(method)) h['x-csrf-token'] = csrf;
          const answer = await exchange(base, agent, { method, url: p.path, headers: h, body: p.body });
          const code = errorCodeOf(answer);
          // /metrics hides itself from a wrong bearer with the 404 of an unknown address: not a unit refusal, so not audited.
          const refused = answer.status === 404 && (entry.ownToken === true || (await refusedNow(method, url)));
          const got: Expected =
            answer.status === 401
              ? 401
              : answer.status === 403
                ? 403
                : answer.status === 404 && refused
                  ? 404
                  : 'allow';
          const what = `${caller.name} ${key} (${p.path})`;
          if (answer.status >= 500) failures.push(`${what}: ${answer.status} ${answer.text.slice(0, 200)}`);
          if (got !== want) {
            failures.push(`${what}: expected ${want}, got ${answer.status} ${answer.text.slice(0, 200)}`);
            return;
          }
          counts[want]++;
          const read = method === 'GET' || method === 'HEAD';
          const ok = answer.status < 400 || (answer.status === 404 && LINK_PAGES.has(`GET ${url}`));
          if (want === 'allow' && read && !ok) {
            failures.push(`${what}: allowed but answered ${answer.status} ${answer.text.slice(0, 200)}`);
          }
          // A HEAD answer has no body to name its code.
          if (method !== 'HEAD') {
            if (want === 404 && code !== 'not_found') failures.push(`${what}: a refusal that is not "not found"`);
            if (want === 401 && code !== 'unauthenticated' && code !== 'totp_required')
              failures.push(`${what}: 401 with ${code}`);
            if (want === 403 && code !== 'forbidden') failures.push(`${what}: 403 with ${code}`);
          }
        };
        // HEAD runs GET's hooks and handler: the callers that see the most kinds of answer try it on every route.
        const mine = keys.filter((k) => !k.startsWith('HEAD ') || HEAD_CALLERS.has(caller.name));
        // A few at a time (the database waits overlap); the session-ending routes last, one by one.
        const queue = mine.filter((k) => !LAST.includes(k));
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            for (let key = queue.shift(); key !== undefined; key = queue.shift()) await check(key);
          }),
        );
        for (const key of LAST) await check(key);
        agent.destroy();
      }
      console.info(
        `${dialect}: access matrix, ${keys.length} routes × ${CALLERS.length} callers: ${JSON.stringify(counts)}`,
      );
      expect(failures, `${failures.length} cells disagree`).toEqual([]);
      // Every kind of answer was seen: a matrix of allows only would prove nothing.
      expect(counts[401]).toBeGreaterThan(100);
      expect(counts[403]).toBeGreaterThan(100);
      expect(counts[404]).toBeGreaterThanOrEqual(Object.values(ACCESS).filter((a) => a.otherUnit).length);
      expect(tokenIds.size).toBe(ROLES.length + 1);
    }, 300_000);
  });
}
