import type { Role } from '../../src/domain/roles.js';
import { createToken, createUserWithPassword } from '../../src/server/users/users.service.js';
import type { TestServer } from './server.js';

/** What every client call resolves to. */
export interface ApiResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies freely; the server's schemas type them.
  body: Record<string, any>;
  headers: Headers;
}

/** A small HTTP client bound to one test server and, optionally, one session or token. */
export interface ApiClient {
  get(path: string): Promise<ApiResponse>;
  post(path: string, body?: unknown): Promise<ApiResponse>;
  patch(path: string, body?: unknown): Promise<ApiResponse>;
  put(path: string, body?: unknown): Promise<ApiResponse>;
  delete(path: string): Promise<ApiResponse>;
  /** Any request; the session cookie (or token) is added, the CSRF header is not. */
  raw(path: string, init?: RequestInit): Promise<ApiResponse>;
  /** The session cookie value, when the client has one. */
  readonly cookie: string | null;
  /** The CSRF token sent on unsafe methods, when the client has one. */
  readonly csrfToken: string | null;
}

/** A created test user and the password that logs them in. */
export interface TestUser {
  id: string;
  email: string;
  password: string;
}

const counters = new WeakMap<TestServer, number>();

function nextNumber(server: TestServer): number {
  const n = (counters.get(server) ?? 0) + 1;
  counters.set(server, n);
  return n;
}

// Test users get their own ids so that they never collide with the server's sequential ones.
function depsOf(server: TestServer, n: number) {
  let k = 0;
  return { clock: server.clock, config: server.config, ids: () => `tu-${n}-${++k}` };
}

/** Creates a user with a password directly in the server's database (no invitation). */
export async function createUser(
  server: TestServer,
  opts: { role: Role; unitId?: string; email?: string; password?: string; name?: string },
): Promise<TestUser> {
  const n = nextNumber(server);
  const email = (opts.email ?? `${opts.role}-${n}@test.example`).toLowerCase();
  const password = opts.password ?? `password-${opts.role}-${n}`;
  const { id } = await server.db.transaction().execute((trx) =>
    createUserWithPassword(trx, depsOf(server, n), {
      email,
      name: opts.name ?? `${opts.role} ${n}`,
      role: opts.role,
      unitId: opts.unitId ?? null,
      password,
    }),
  );
  return { id, email, password };
}

async function toResponse(res: Response): Promise<ApiResponse> {
  const text = await res.text();
  let body: Record<string, unknown> = {};
  if (text) {
    try {
      const parsed: unknown = JSON.parse(text);
      body = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : { value: parsed };
    } catch {
      body = { text };
    }
  }
  return { status: res.status, body, headers: res.headers };
}

function makeClient(server: TestServer, auth: { cookie?: string; csrfToken?: string; bearer?: string }): ApiClient {
  const state = { cookie: auth.cookie ?? null, csrfToken: auth.csrfToken ?? null };
  const authHeaders = (): Record<string, string> => {
    const h: Record<string, string> = {};
    if (auth.bearer) h.authorization = `Bearer ${auth.bearer}`;
    if (state.cookie) h.cookie = `lifeboat_session=${state.cookie}`;
    return h;
  };
  const raw = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    for (const [k, v] of Object.entries(authHeaders())) if (!headers.has(k)) headers.set(k, v);
    return toResponse(await fetch(`${server.url}${path}`, { ...init, headers }));
  };
  const send = (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;
    return raw(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  };
  return {
    get: (path) => send('GET', path),
    post: (path, body) => send('POST', path, body),
    patch: (path, body) => send('PATCH', path, body),
    put: (path, body) => send('PUT', path, body),
    delete: (path) => send('DELETE', path),
    raw,
    get cookie() {
      return state.cookie;
    },
    get csrfToken() {
      return state.csrfToken;
    },
  };
}

/** The session cookie a response sets, if any. */
export function sessionCookieOf(headers: Headers): string | null {
  for (const line of headers.getSetCookie()) {
    const m = /^lifeboat_session=([^;]*)/.exec(line);
    if (m?.[1]) return m[1];
  }
  return null;
}

/** A client holding the session a response (login, set-up, accept) just started. */
export function clientFromSession(server: TestServer, res: ApiResponse): ApiClient {
  const cookie = sessionCookieOf(res.headers);
  if (!cookie) throw new Error(`no session cookie in the response (status ${res.status}: ${JSON.stringify(res.body)})`);
  return makeClient(server, { cookie, csrfToken: String(res.body.csrf_token) });
}

/** Logs in (creating the user first when a role is given) and returns a client with the session. */
export async function signIn(
  server: TestServer,
  opts: { role: Role; unitId?: string } | { email: string; password: string },
): Promise<ApiClient> {
  const creds = 'role' in opts ? await createUser(server, opts) : opts;
  const res = await anonymous(server).post('/api/auth/login', { email: creds.email, password: creds.password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return clientFromSession(server, res);
}

/** A client without a session. */
export function anonymous(server: TestServer): ApiClient {
  return makeClient(server, {});
}

/** A client using a fresh API token of a new user with the given role (`Authorization: Bearer`). */
export async function tokenClient(server: TestServer, role: Role, opts: { unitId?: string } = {}): Promise<ApiClient> {
  const user = await createUser(server, { role, ...opts });
  const n = nextNumber(server);
  const { token } = await server.db
    .transaction()
    .execute((trx) => createToken(trx, depsOf(server, n), user.id, 'test', user.id));
  return makeClient(server, { bearer: token });
}

/** A client using the given bearer token. */
export function bearerClient(server: TestServer, token: string): ApiClient {
  return makeClient(server, { bearer: token });
}
