import type { Catalogue, Estimate, System, SystemStatus, Team, Unit } from '../domain/catalogue/types.js';
import type { ErrorCode } from '../domain/errors.js';
import type { Role } from '../domain/roles.js';
import type { Locale } from '../i18n/index.js';

/** A user as the API returns it. */
export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  unitId: string | null;
  locale: Locale | null;
  totpEnabled: boolean;
  disabled: boolean;
  createdAt: string;
}

/** Where the second factor stands for the current session. */
export type TotpState = 'ok' | 'verify' | 'enroll';

/** The answer of login, set-up, invitation acceptance and `GET /api/auth/me`. */
export interface Session {
  user: User;
  csrfToken: string;
  totp: TotpState;
}

/** A system with the ids of the systems that need it, as in the systems list. */
export type SystemRow = System & { dependents: string[] };

/** A reference to another system, with its status. */
export interface SystemRef {
  id: string;
  name: string;
  kind: System['kind'];
  status: SystemStatus;
}

/** One recorded change to the catalogue. */
export interface Change {
  id: string;
  at: string;
  actor: string | null;
  source: 'import' | 'edit';
  entity: 'system' | 'unit' | 'team' | 'organisation';
  entityId: string;
  action: 'add' | 'change' | 'remove';
  before: unknown;
  after: unknown;
}

/** One changed field of an imported record, in file form (absent: the default). */
export interface ImportFieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

/** A record an import changes. */
export interface ImportChanged {
  id: string;
  fields: string[];
  changes: ImportFieldChange[];
}

/** What an import adds, changes and removes, with the names of the records by id. */
export interface ImportDiff {
  organisationChanged: boolean;
  added: { teams: string[]; units: string[]; systems: string[] };
  changed: { teams: ImportChanged[]; units: ImportChanged[]; systems: ImportChanged[] };
  removed: { teams: string[]; units: string[]; systems: string[] };
  names: { teams: Record<string, string>; units: Record<string, string>; systems: Record<string, string> };
}

/** How to import: merge (the default) or replace, statuses kept (the default) or taken from the file. */
export interface ImportMode {
  replace: boolean;
  statuses: boolean;
}

/** The answer of an import preview or apply. */
export interface ImportResult {
  diff: ImportDiff;
  mode: ImportMode;
  encoding: 'utf-8' | 'windows-1252';
  warnings: string[];
  summary: string;
}

/** One problem in an imported catalogue. */
export interface ImportIssue {
  field: string;
  line?: number;
  message: string;
  systems?: string[];
}

/** An API token as listed (the secret itself is shown only at creation). */
export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  userEmail: string;
  readOnly: boolean;
  expiresAt: string | null;
}

/** One of the caller's own sessions. */
export interface MySession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

/** One event of the audit trail; `detail` is JSON text (or plain text) when there is one. */
export interface AuditEvent {
  id: string;
  seq: number;
  at: string;
  actorUserId: string | null;
  actorEmail: string | null;
  action: string;
  subject: string | null;
  detail: string | null;
  ip: string | null;
  /** For refusals gathered in one window: how many there were. */
  count: number | null;
  hash: string;
}

/** The filters and cursor of GET /api/audit. */
export interface AuditQuery {
  limit: number;
  cursor?: string;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
}

/** One page of GET /api/audit. */
export interface AuditPage {
  events: AuditEvent[];
  nextCursor: string | null;
  head: { seq: number; hash: string };
}

/** The fields of a system that a PATCH may send; null clears an optional field. */
export type SystemPatch = {
  [K in keyof System]?: System[K] | null;
};

/** An error from the API (or the network), with the field it concerns when there is one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network';
  readonly field?: string;
  readonly details?: unknown;

  constructor(status: number, code: ErrorCode | 'network', message: string, field?: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
  }
}

let csrfToken = '';
let onUnauthorized: ((code: 'unauthenticated' | 'totp_required') => void) | null = null;

/** Remembers the CSRF token of the current session (from login, set-up or `me`). */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

let apiLocale: Locale = 'sv';

/** Sets the language the server writes its messages in (sent as Accept-Language): the UI's own. */
export function setApiLocale(locale: Locale): void {
  apiLocale = locale;
}

/** Registers what to do when an internal call answers 401 (go to login or to the TOTP step). */
export function setUnauthorizedHandler(handler: ((code: 'unauthenticated' | 'totp_required') => void) | null): void {
  onUnauthorized = handler;
}

interface RequestOptions {
  body?: unknown;
  /** A file's bytes, sent as they are (application/octet-stream), for the server to decode. */
  bytes?: ArrayBuffer;
  /** Auth calls handle their own 401s (a bad password is not a lost session). */
  quiet401?: boolean;
}

/** One call of the API: JSON in and out, the CSRF header on unsafe methods, errors as ApiError. */
export async function request<T>(method: string, url: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': apiLocale };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.bytes !== undefined) headers['content-type'] = 'application/octet-stream';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.bytes ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: ErrorCode; message?: string; field?: string; details?: unknown } })
      ?.error;
    const code: ErrorCode = error?.code ?? (response.status >= 500 ? 'internal' : 'bad_request');
    const failure = new ApiError(
      response.status,
      code,
      // No server message (a proxy's page): the UI words the code itself, in its own language.
      error?.message ?? '',
      error?.field,
      error?.details,
    );
    if (response.status === 401 && !options.quiet401 && (code === 'unauthenticated' || code === 'totp_required')) {
      onUnauthorized?.(code);
    }
    throw failure;
  }
  if (data && typeof data === 'object' && 'csrfToken' in data && typeof data.csrfToken === 'string') {
    csrfToken = data.csrfToken;
  }
  return data as T;
}

// The file's name and how to import it travel in the query string; the body is the file's bytes.
function importQuery(fileName: string, mode: ImportMode): string {
  return new URLSearchParams({ fileName, replace: String(mode.replace), statuses: String(mode.statuses) }).toString();
}

/** Typed calls of the HTTP API of docs/api.md. */
export const api = {
  setupNeeded: () => request<{ needed: boolean }>('GET', '/api/setup'),
  setup: (body: { token: string; email: string; name: string; password: string }) =>
    request<Session>('POST', '/api/setup', { body, quiet401: true }),
  login: (body: { email: string; password: string }) =>
    request<Session>('POST', '/api/auth/login', { body, quiet401: true }),
  totpVerify: (code: string) => request<Session>('POST', '/api/auth/totp/verify', { body: { code }, quiet401: true }),
  totpEnroll: () =>
    request<{ secret: string; otpauthUrl: string; qrDataUrl: string }>('POST', '/api/auth/totp/enroll', {
      quiet401: true,
    }),
  totpConfirm: (code: string) =>
    request<{ recoveryCodes: string[] }>('POST', '/api/auth/totp/confirm', { body: { code }, quiet401: true }),
  me: () => request<Session>('GET', '/api/auth/me', { quiet401: true }),
  updateMe: (body: { name?: string; locale?: Locale }) => request<{ user: User }>('PATCH', '/api/auth/me', { body }),
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    request<void>('POST', '/api/auth/password', { body }),
  logout: () => request<void>('POST', '/api/auth/logout', { quiet401: true }),
  logoutAll: () => request<void>('POST', '/api/auth/logout-all'),

  inspectInvitation: (token: string) =>
    request<{ email: string; name: string; role: Role; purpose: string }>('POST', '/api/invitations/inspect', {
      body: { token },
      quiet401: true,
    }),
  acceptInvitation: (body: { token: string; password: string; name?: string }) =>
    request<Session>('POST', '/api/invitations/accept', { body, quiet401: true }),

  users: () => request<{ users: User[] }>('GET', '/api/users'),
  addUser: (body: { email: string; name: string; role: Role; unitId?: string }) =>
    request<{ user: User; invitationUrl: string }>('POST', '/api/users', { body }),
  updateUser: (id: string, body: { name?: string; role?: Role; unitId?: string | null; disabled?: boolean }) =>
    request<{ user: User }>('PATCH', `/api/users/${encodeURIComponent(id)}`, { body }),
  newInvitation: (id: string) =>
    request<{ invitationUrl: string }>('POST', `/api/users/${encodeURIComponent(id)}/invitation`),
  revokeSessions: (id: string) => request<void>('POST', `/api/users/${encodeURIComponent(id)}/revoke-sessions`),
  resetTotp: (id: string) =>
    request<{ invitationUrl: string }>('POST', `/api/users/${encodeURIComponent(id)}/reset-totp`),
  unlockUser: (id: string) => request<void>('POST', `/api/users/${encodeURIComponent(id)}/unlock`),
  mySessions: () => request<{ sessions: MySession[] }>('GET', '/api/auth/sessions'),
  endMySession: (id: string) => request<void>('DELETE', `/api/auth/sessions/${encodeURIComponent(id)}`),
  audit: (query: AuditQuery) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      if (value !== undefined && value !== '') params.set(key, String(value));
    return request<AuditPage>('GET', `/api/audit?${params}`);
  },

  tokens: () => request<{ tokens: ApiToken[] }>('GET', '/api/tokens'),
  createToken: (body: { name: string; readOnly?: boolean; expiresDays?: number }) =>
    request<{ id: string; token: string }>('POST', '/api/tokens', { body }),
  revokeToken: (id: string) => request<void>('DELETE', `/api/tokens/${encodeURIComponent(id)}`),

  catalogue: () => request<Catalogue>('GET', '/api/catalogue'),
  units: () => request<{ units: Unit[] }>('GET', '/api/units'),
  unit: (id: string) => request<{ unit: Unit; systems: System[] }>('GET', `/api/units/${encodeURIComponent(id)}`),
  teams: () => request<{ teams: Team[] }>('GET', '/api/teams'),
  systems: () => request<{ systems: SystemRow[] }>('GET', '/api/systems'),
  system: (id: string) =>
    request<{ system: System; needs: SystemRef[]; neededBy: SystemRef[]; changes?: Change[] }>(
      'GET',
      `/api/systems/${encodeURIComponent(id)}`,
    ),
  updateSystem: (id: string, body: SystemPatch) =>
    request<{ system: System }>('PATCH', `/api/systems/${encodeURIComponent(id)}`, { body }),
  createSystem: (body: System) => request<{ system: System }>('POST', '/api/systems', { body }),
  deleteSystem: (id: string) => request<void>('DELETE', `/api/systems/${encodeURIComponent(id)}`),
  createUnit: (body: Unit) => request<{ unit: Unit }>('POST', '/api/units', { body }),
  updateUnit: (id: string, body: Partial<Omit<Unit, 'id'>>) =>
    request<{ unit: Unit }>('PATCH', `/api/units/${encodeURIComponent(id)}`, { body }),
  deleteUnit: (id: string) => request<void>('DELETE', `/api/units/${encodeURIComponent(id)}`),
  createTeam: (body: Team) => request<{ team: Team }>('POST', '/api/teams', { body }),
  updateTeam: (id: string, body: Partial<Omit<Team, 'id'>>) =>
    request<{ team: Team }>('PATCH', `/api/teams/${encodeURIComponent(id)}`, { body }),
  deleteTeam: (id: string) => request<void>('DELETE', `/api/teams/${encodeURIComponent(id)}`),
  importPreview: (fileName: string, bytes: ArrayBuffer, mode: ImportMode) =>
    request<ImportResult>('POST', `/api/catalogue/import/preview?${importQuery(fileName, mode)}`, { bytes }),
  importApply: (fileName: string, bytes: ArrayBuffer, mode: ImportMode) =>
    request<ImportResult>('POST', `/api/catalogue/import?${importQuery(fileName, mode)}`, { bytes }),
};

export type { Estimate };
