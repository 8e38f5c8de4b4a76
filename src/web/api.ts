import type { Static, TSchema } from '@sinclair/typebox';
import type { CatalogueIssue, Estimate, System, Team, Unit } from '../domain/catalogue/types.js';
import type { ErrorCode } from '../domain/errors.js';
import type { Locale } from '../i18n/index.js';
import type {
  AuditEventSchema,
  AuditPageSchema,
  AuditQuery as AuditQuerySchema,
} from '../server/audit/audit.schemas.js';
import type {
  CreatedTokenSchema,
  CreatedUserSchema,
  CreateTokenBody,
  CreateUserBody,
  InvitationSchema,
  InvitationUrlSchema,
  MySessionSchema,
  PasswordBody,
  PatchUserBody,
  RecoveryCodesSchema,
  SessionList,
  SessionSchema,
  SetupNeededSchema,
  TokenListSchema,
  TokenSchema,
  TotpEnrolSchema,
  TotpStateSchema,
  UserListSchema,
  UserOnlySchema,
  UserSchema,
} from '../server/auth/auth.schemas.js';
import type {
  CatalogueOut,
  ChangeOut,
  ImportChangedOut,
  ImportDiffOut,
  ImportFieldChangeOut,
  ImportModeOut,
  ImportResultOut,
  SystemDetailOut,
  SystemListOut,
  SystemOnlyOut,
  SystemRefOut,
  SystemRowOut,
  TeamListOut,
  TeamOnlyOut,
  UnitDetailOut,
  UnitListOut,
  UnitOnlyOut,
} from '../server/catalogue/catalogue.schemas.js';

// The API's shapes come from the server's response schemas (TypeBox), as types only: `import type`
// is erased by the build, so no schema code reaches the browser (DEVELOPERS.md, "How the UI gets its types").
type Of<T extends TSchema> = Static<T>;

/** A user as the API returns it. */
export type User = Of<typeof UserSchema>;

/** Where the second factor stands for the current session. */
export type TotpState = Of<typeof TotpStateSchema>;

/** The answer of login, set-up, invitation acceptance and `GET /api/auth/me`. */
export type Session = Of<typeof SessionSchema>;

/** A system with the ids of the systems that need it, as in the systems list. */
export type SystemRow = Of<typeof SystemRowOut>;

/** A reference to another system, with its status. */
export type SystemRef = Of<typeof SystemRefOut>;

/** One recorded change to the catalogue. */
export type Change = Of<typeof ChangeOut>;

/** One changed field of an imported record, in file form (absent: the default). */
export type ImportFieldChange = Of<typeof ImportFieldChangeOut>;

/** A record an import changes. */
export type ImportChanged = Of<typeof ImportChangedOut>;

/** What an import adds, changes and removes, with the names of the records by id. */
export type ImportDiff = Of<typeof ImportDiffOut>;

/** How to import: merge (the default) or replace, statuses kept (the default) or taken from the file. */
export type ImportMode = Of<typeof ImportModeOut>;

/** The answer of an import preview or apply. */
export type ImportResult = Of<typeof ImportResultOut>;

/** One problem in an imported catalogue (an error's `details.issues`): the domain's, as the server sends it. */
export type ImportIssue = Pick<CatalogueIssue, 'field' | 'line' | 'message' | 'systems'>;

/** An API token as listed (the secret itself is shown only at creation). */
export type ApiToken = Of<typeof TokenSchema>;

/** One of the caller's own sessions. */
export type MySession = Of<typeof MySessionSchema>;

/** One event of the audit trail; `detail` is JSON text (or plain text) when there is one. */
export type AuditEvent = Of<typeof AuditEventSchema>;

/** The filters and cursor of GET /api/audit. */
export type AuditQuery = Of<typeof AuditQuerySchema> & { limit: number };

/** One page of GET /api/audit. */
export type AuditPage = Of<typeof AuditPageSchema>;

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
  /** Extra headers (e.g. an Idempotency-Key that a resend repeats). */
  headers?: Record<string, string>;
}

/** One call of the API: JSON in and out, the CSRF header on unsafe methods, errors as ApiError. */
export async function request<T>(method: string, url: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': apiLocale };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.bytes !== undefined) headers['content-type'] = 'application/octet-stream';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  Object.assign(headers, options.headers);
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
  if (data && typeof data === 'object' && 'csrf_token' in data && typeof data.csrf_token === 'string') {
    csrfToken = data.csrf_token;
  }
  return data as T;
}

// The file's name and how to import it travel in the query string; the body is the file's bytes.
function importQuery(fileName: string, mode: ImportMode): string {
  return new URLSearchParams({
    file_name: fileName,
    replace: String(mode.replace),
    statuses: String(mode.statuses),
  }).toString();
}

/** Typed calls of the HTTP API of docs/api.md. */
export const api = {
  setupNeeded: () => request<Of<typeof SetupNeededSchema>>('GET', '/api/setup'),
  setup: (body: { token: string; email: string; name: string; password: string }) =>
    request<Session>('POST', '/api/setup', { body, quiet401: true }),
  login: (body: { email: string; password: string }) =>
    request<Session>('POST', '/api/auth/login', { body, quiet401: true }),
  totpVerify: (code: string) => request<Session>('POST', '/api/auth/totp/verify', { body: { code }, quiet401: true }),
  totpEnroll: () =>
    request<Of<typeof TotpEnrolSchema>>('POST', '/api/auth/totp/enroll', {
      quiet401: true,
    }),
  totpConfirm: (code: string) =>
    request<Of<typeof RecoveryCodesSchema>>('POST', '/api/auth/totp/confirm', { body: { code }, quiet401: true }),
  me: () => request<Session>('GET', '/api/auth/me', { quiet401: true }),
  updateMe: (body: { name?: string; locale?: Locale }) =>
    request<Of<typeof UserOnlySchema>>('PATCH', '/api/auth/me', { body }),
  changePassword: (body: Of<typeof PasswordBody>) => request<void>('POST', '/api/auth/password', { body }),
  logout: () => request<void>('POST', '/api/auth/logout', { quiet401: true }),
  logoutAll: () => request<void>('POST', '/api/auth/logout-all'),

  inspectInvitation: (token: string) =>
    request<Of<typeof InvitationSchema>>('POST', '/api/invitations/inspect', {
      body: { token },
      quiet401: true,
    }),
  acceptInvitation: (body: { token: string; password: string; name?: string }) =>
    request<Session>('POST', '/api/invitations/accept', { body, quiet401: true }),

  users: () => request<Of<typeof UserListSchema>>('GET', '/api/users'),
  addUser: (body: Of<typeof CreateUserBody>) => request<Of<typeof CreatedUserSchema>>('POST', '/api/users', { body }),
  updateUser: (id: string, body: Of<typeof PatchUserBody>) =>
    request<Of<typeof UserOnlySchema>>('PATCH', `/api/users/${encodeURIComponent(id)}`, { body }),
  newInvitation: (id: string) =>
    request<Of<typeof InvitationUrlSchema>>('POST', `/api/users/${encodeURIComponent(id)}/invitation`),
  revokeSessions: (id: string) => request<void>('POST', `/api/users/${encodeURIComponent(id)}/revoke-sessions`),
  resetTotp: (id: string) =>
    request<Of<typeof InvitationUrlSchema>>('POST', `/api/users/${encodeURIComponent(id)}/reset-totp`),
  unlockUser: (id: string) => request<void>('POST', `/api/users/${encodeURIComponent(id)}/unlock`),
  mySessions: () => request<Of<typeof SessionList>>('GET', '/api/auth/sessions'),
  endMySession: (id: string) => request<void>('DELETE', `/api/auth/sessions/${encodeURIComponent(id)}`),
  audit: (query: AuditQuery) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      if (value !== undefined && value !== '') params.set(key, String(value));
    return request<AuditPage>('GET', `/api/audit?${params}`);
  },

  tokens: () => request<Of<typeof TokenListSchema>>('GET', '/api/tokens'),
  createToken: (body: Of<typeof CreateTokenBody>) =>
    request<Of<typeof CreatedTokenSchema>>('POST', '/api/tokens', { body }),
  revokeToken: (id: string) => request<void>('DELETE', `/api/tokens/${encodeURIComponent(id)}`),

  catalogue: () => request<Of<typeof CatalogueOut>>('GET', '/api/catalogue'),
  units: () => request<Of<typeof UnitListOut>>('GET', '/api/units'),
  unit: (id: string) => request<Of<typeof UnitDetailOut>>('GET', `/api/units/${encodeURIComponent(id)}`),
  teams: () => request<Of<typeof TeamListOut>>('GET', '/api/teams'),
  systems: () => request<Of<typeof SystemListOut>>('GET', '/api/systems'),
  system: (id: string) => request<Of<typeof SystemDetailOut>>('GET', `/api/systems/${encodeURIComponent(id)}`),
  updateSystem: (id: string, body: SystemPatch) =>
    request<Of<typeof SystemOnlyOut>>('PATCH', `/api/systems/${encodeURIComponent(id)}`, { body }),
  createSystem: (body: System) => request<Of<typeof SystemOnlyOut>>('POST', '/api/systems', { body }),
  deleteSystem: (id: string) => request<void>('DELETE', `/api/systems/${encodeURIComponent(id)}`),
  createUnit: (body: Unit) => request<Of<typeof UnitOnlyOut>>('POST', '/api/units', { body }),
  updateUnit: (id: string, body: Partial<Omit<Unit, 'id'>>) =>
    request<Of<typeof UnitOnlyOut>>('PATCH', `/api/units/${encodeURIComponent(id)}`, { body }),
  deleteUnit: (id: string) => request<void>('DELETE', `/api/units/${encodeURIComponent(id)}`),
  createTeam: (body: Team) => request<Of<typeof TeamOnlyOut>>('POST', '/api/teams', { body }),
  updateTeam: (id: string, body: Partial<Omit<Team, 'id'>>) =>
    request<Of<typeof TeamOnlyOut>>('PATCH', `/api/teams/${encodeURIComponent(id)}`, { body }),
  deleteTeam: (id: string) => request<void>('DELETE', `/api/teams/${encodeURIComponent(id)}`),
  importPreview: (fileName: string, bytes: ArrayBuffer, mode: ImportMode) =>
    request<ImportResult>('POST', `/api/catalogue/import/preview?${importQuery(fileName, mode)}`, { bytes }),
  importApply: (fileName: string, bytes: ArrayBuffer, mode: ImportMode) =>
    request<ImportResult>('POST', `/api/catalogue/import?${importQuery(fileName, mode)}`, { bytes }),
};

export type { Estimate };
