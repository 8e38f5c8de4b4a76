import { LifeboatError } from '../../domain/errors.js';
import { insertAuditEvent } from '../../store/audit/audit.repository.js';
import {
  clearLoginFailure,
  consumeRecoveryCode,
  findApiTokenByHash,
  findInvitationByHash,
  findLoginFailures,
  findSessionByHash,
  findUserByEmail,
  findUserById,
  insertSession,
  invalidateUserInvitations,
  markInvitationUsed,
  markSessionTotpVerified,
  replaceRecoveryCodes,
  revokeSession,
  revokeUserSessions,
  type SessionWithUser,
  type StoredUser,
  saveLoginFailure,
  touchApiToken,
  touchSession,
  updateUser,
} from '../../store/auth/auth.repository.js';
import type { Db } from '../../store/database.js';
import type { AppDeps } from '../deps.js';
import { afterFailure, FREE_FAILURES, FREE_FAILURES_PER_ADDRESS, retryAfterSeconds } from './backoff.js';
import type { AuthContext, AuthUser } from './guard.js';
import { assertPasswordStrength, DUMMY_HASH, hashPassword, verifyPassword } from './password.js';
import { invitationHash, newCsrfToken, newSessionToken, sha256 } from './secrets.js';
import {
  isTotpCode,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUrl,
  qrDataUrl,
  recoveryCodeHash,
  verifyTotpCode,
} from './totp.js';

/** What the auth services need from the app. */
export type AuthDeps = Pick<AppDeps, 'clock' | 'ids' | 'config'>;

/** Where a request came from, for the audit trail and the back-off. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/** A user as the API shows it. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: StoredUser['role'];
  unitId: string | null;
  locale: 'sv' | 'en' | null;
  totpEnabled: boolean;
  disabled: boolean;
  createdAt: string;
}

/** Where a session stands with the second factor. */
export type TotpState = 'ok' | 'verify' | 'enroll';

/** A session just started: the cookie token is returned once and never stored. */
export interface StartedSession {
  sessionId: string;
  token: string;
  csrfToken: string;
  totp: TotpState;
  user: PublicUser;
}

/** The API view of a stored user: no secrets. */
export function publicUser(u: StoredUser): PublicUser {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    unitId: u.unitId,
    locale: u.locale,
    totpEnabled: u.totpEnabled,
    disabled: u.disabled,
    createdAt: u.createdAt,
  };
}

/** The caller as routes see it. */
export function authUserOf(u: StoredUser): AuthUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role, unitId: u.unitId, locale: u.locale };
}

/** E-mails compare without case or surrounding space. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Whether this user must give a second factor: their role requires it, or they enrolled. */
export function needsTotp(user: StoredUser, deps: AuthDeps): boolean {
  return user.totpEnabled || deps.config.totpRequiredFor.includes(user.role);
}

function totpStateOf(user: StoredUser, verified: boolean): TotpState {
  if (verified) return 'ok';
  return user.totpEnabled ? 'verify' : 'enroll';
}

/** Records one audit event with a fresh id and the current time. */
export async function audit(
  db: Db,
  deps: AuthDeps,
  e: { actorUserId: string | null; action: string; subject?: string | null; detail?: unknown; ip?: string | null },
): Promise<void> {
  await insertAuditEvent(db, { id: deps.ids(), at: deps.clock().toISOString(), ...e });
}

function addHours(now: Date, hours: number): string {
  return new Date(now.getTime() + hours * 3_600_000).toISOString();
}

/** Starts a session for a user; it is pending until the second factor when one is needed. */
export async function startSession(
  db: Db,
  deps: AuthDeps,
  user: StoredUser,
  meta: RequestMeta,
): Promise<StartedSession> {
  const now = deps.clock();
  const token = newSessionToken();
  const csrfToken = newCsrfToken();
  const verified = !needsTotp(user, deps);
  const sessionId = deps.ids();
  await insertSession(db, {
    id: sessionId,
    tokenHash: sha256(token),
    userId: user.id,
    csrfToken,
    totpVerified: verified,
    now: now.toISOString(),
    expiresAt: addHours(now, deps.config.sessionHours),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { sessionId, token, csrfToken, totp: totpStateOf(user, verified), user: publicUser(user) };
}

/** The result of a login attempt: the route throws for the failures after the transaction commits. */
export type LoginOutcome =
  | { kind: 'ok'; session: StartedSession }
  | { kind: 'failed' }
  | { kind: 'locked'; retryAfter: number };

const emailKey = (email: string) => `email:${email}`;
const ipKey = (ip: string | null) => `ip:${ip ?? 'unknown'}`;

async function recordFailure(db: Db, deps: AuthDeps, keys: string[]): Promise<void> {
  const now = deps.clock();
  const existing = await findLoginFailures(db, keys);
  for (const key of keys) {
    const free = key.startsWith('ip:') ? FREE_FAILURES_PER_ADDRESS : FREE_FAILURES;
    const next = afterFailure(
      existing.find((f) => f.key === key),
      now,
      free,
    );
    await saveLoginFailure(db, { key, ...next });
  }
}

async function lockedFor(db: Db, deps: AuthDeps, keys: string[]): Promise<number> {
  const now = deps.clock();
  const states = await findLoginFailures(db, keys);
  return Math.max(0, ...states.map((s) => retryAfterSeconds(s, now)));
}

/** Checks e-mail and password with back-off per e-mail and per address; starts a session on success. */
export async function login(
  db: Db,
  deps: AuthDeps,
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<LoginOutcome> {
  const email = normaliseEmail(input.email);
  const keys = [emailKey(email), ipKey(meta.ip)];
  const retryAfter = await lockedFor(db, deps, keys);
  if (retryAfter > 0) {
    await audit(db, deps, { actorUserId: null, action: 'login_locked', subject: email, ip: meta.ip });
    return { kind: 'locked', retryAfter };
  }
  const user = await findUserByEmail(db, email);
  // Compare against a dummy hash for unknown users so that timing does not tell who exists.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled || !user.passwordHash) {
    await recordFailure(db, deps, keys);
    await audit(db, deps, {
      actorUserId: user?.id ?? null,
      action: 'login_failed',
      subject: email,
      detail: { reason: !user ? 'unknown_email' : user.disabled ? 'disabled' : 'bad_password' },
      ip: meta.ip,
    });
    return { kind: 'failed' };
  }
  await clearLoginFailure(db, emailKey(email));
  const session = await startSession(db, deps, user, meta);
  await audit(db, deps, {
    actorUserId: user.id,
    action: 'login_ok',
    subject: user.id,
    detail: { totp: session.totp, sessionId: session.sessionId },
    ip: meta.ip,
  });
  return { kind: 'ok', session };
}

/** What the auth plugin learns from a cookie. */
export interface ResolvedSession {
  session: SessionWithUser;
  pending: boolean;
}

// Writing last_seen_at on every request would serialise reads on SQLite; once a minute is enough.
const TOUCH_EVERY_MS = 60_000;

/** The live session behind a cookie token (sliding its expiry), or null when there is none. */
export async function resolveSession(db: Db, deps: AuthDeps, token: string): Promise<ResolvedSession | null> {
  const session = await findSessionByHash(db, sha256(token));
  if (!session || session.revokedAt || session.user.disabled) return null;
  const now = deps.clock();
  if (new Date(session.expiresAt).getTime() <= now.getTime()) return null;
  if (now.getTime() - new Date(session.lastSeenAt).getTime() >= TOUCH_EVERY_MS) {
    await touchSession(db, session.id, now.toISOString(), addHours(now, deps.config.sessionHours));
  }
  const pending = !session.totpVerified;
  return { session, pending };
}

/** The caller behind a bearer token; throws 401 for an unknown or revoked token or a disabled user. */
export async function resolveBearer(db: Db, deps: AuthDeps, token: string): Promise<AuthContext> {
  const found = await findApiTokenByHash(db, sha256(token));
  if (!found || found.token.revokedAt || found.user.disabled) {
    throw new LifeboatError('unauthenticated', 'The API token is unknown or revoked.');
  }
  const now = deps.clock();
  const last = found.token.lastUsedAt ? new Date(found.token.lastUsedAt).getTime() : 0;
  if (now.getTime() - last >= TOUCH_EVERY_MS) await touchApiToken(db, found.token.id, now.toISOString());
  return { user: authUserOf(found.user), via: 'token' };
}

/** The result of a second-factor attempt. */
export type TotpOutcome =
  | { kind: 'ok'; user: PublicUser; usedRecoveryCode: boolean }
  | { kind: 'failed' }
  | { kind: 'locked'; retryAfter: number };

/** Checks a TOTP or recovery code for a pending session and marks it verified. */
export async function verifySecondFactor(
  db: Db,
  deps: AuthDeps,
  sessionId: string,
  userId: string,
  code: string,
  meta: RequestMeta,
): Promise<TotpOutcome> {
  const user = await findUserById(db, userId);
  if (!user?.totpEnabled || !user.totpSecret) {
    throw new LifeboatError('conflict', 'No second factor is enrolled yet: enrol first.', { field: 'code' });
  }
  const keys = [`totp:${user.id}`];
  const retryAfter = await lockedFor(db, deps, keys);
  if (retryAfter > 0) return { kind: 'locked', retryAfter };
  const now = deps.clock();
  let ok = false;
  let usedRecoveryCode = false;
  if (isTotpCode(code)) {
    ok = verifyTotpCode(user.totpSecret, user.email, code.replace(/\s+/g, ''), now);
  } else {
    ok = await consumeRecoveryCode(db, user.id, recoveryCodeHash(user.id, code), now.toISOString());
    usedRecoveryCode = ok;
  }
  if (!ok) {
    await recordFailure(db, deps, keys);
    await audit(db, deps, { actorUserId: user.id, action: 'totp_failed', subject: user.id, ip: meta.ip });
    return { kind: 'failed' };
  }
  await clearLoginFailure(db, keys[0] as string);
  await markSessionTotpVerified(db, sessionId);
  await audit(db, deps, {
    actorUserId: user.id,
    action: 'totp_verified',
    subject: user.id,
    detail: { recoveryCode: usedRecoveryCode },
    ip: meta.ip,
  });
  return { kind: 'ok', user: publicUser(user), usedRecoveryCode };
}

/** Starts TOTP enrolment: a new secret (kept unconfirmed until a code proves the app has it). */
export async function enrollTotp(
  db: Db,
  deps: AuthDeps,
  userId: string,
): Promise<{ secret: string; otpauthUrl: string; qrDataUrl: string }> {
  const user = await findUserById(db, userId);
  if (!user) throw new LifeboatError('unauthenticated', 'Log in first.');
  // Re-enrolling would let a half-logged-in session replace the second factor it has not given.
  if (user.totpEnabled) {
    throw new LifeboatError('conflict', 'A second factor is already enrolled; an administrator can reset it.');
  }
  const secret = newTotpSecret();
  await updateUser(db, user.id, { totpSecret: secret }, deps.clock().toISOString());
  const url = otpauthUrl(secret, user.email);
  return { secret, otpauthUrl: url, qrDataUrl: await qrDataUrl(url) };
}

/** Confirms enrolment with a code: TOTP is on, the session is verified, ten recovery codes are returned once. */
export async function confirmTotp(
  db: Db,
  deps: AuthDeps,
  sessionId: string,
  userId: string,
  code: string,
  meta: RequestMeta,
): Promise<{ recoveryCodes: string[] }> {
  const user = await findUserById(db, userId);
  if (!user) throw new LifeboatError('unauthenticated', 'Log in first.');
  if (user.totpEnabled) throw new LifeboatError('conflict', 'A second factor is already enrolled.');
  if (!user.totpSecret) throw new LifeboatError('conflict', 'Start the enrolment first.', { field: 'code' });
  if (!verifyTotpCode(user.totpSecret, user.email, code.replace(/\s+/g, ''), deps.clock())) {
    throw new LifeboatError('validation_failed', 'code: the code is not valid; check the clock of the phone', {
      field: 'code',
    });
  }
  const now = deps.clock().toISOString();
  await updateUser(db, user.id, { totpEnabled: true }, now);
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(
    db,
    user.id,
    codes.map((c) => ({ id: deps.ids(), hash: recoveryCodeHash(user.id, c) })),
  );
  await markSessionTotpVerified(db, sessionId);
  await audit(db, deps, { actorUserId: user.id, action: 'totp_enrolled', subject: user.id, ip: meta.ip });
  return { recoveryCodes: codes };
}

/** The caller's own view: `{ user, csrfToken, totp }`. */
export async function describeCaller(
  db: Db,
  userId: string,
  session: { csrfToken: string; totpVerified: boolean } | null,
): Promise<{ user: PublicUser; csrfToken: string | null; totp: TotpState }> {
  const user = await findUserById(db, userId);
  if (!user) throw new LifeboatError('unauthenticated', 'Log in first.');
  return {
    user: publicUser(user),
    csrfToken: session?.csrfToken ?? null,
    totp: session ? totpStateOf(user, session.totpVerified) : 'ok',
  };
}

/** Changes the caller's own name or language. */
export async function updateMe(
  db: Db,
  deps: AuthDeps,
  userId: string,
  input: { name?: string; locale?: 'sv' | 'en' },
): Promise<PublicUser> {
  await updateUser(db, userId, { name: input.name?.trim(), locale: input.locale }, deps.clock().toISOString());
  const user = await findUserById(db, userId);
  if (!user) throw new LifeboatError('unauthenticated', 'Log in first.');
  return publicUser(user);
}

/** Changes the caller's password after checking the current one; other sessions are ended. */
export async function changePassword(
  db: Db,
  deps: AuthDeps,
  userId: string,
  sessionId: string | undefined,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<void> {
  const user = await findUserById(db, userId);
  if (!user) throw new LifeboatError('unauthenticated', 'Log in first.');
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new LifeboatError('validation_failed', 'currentPassword: the current password is wrong', {
      field: 'currentPassword',
    });
  }
  assertPasswordStrength(input.newPassword, 'newPassword');
  const now = deps.clock().toISOString();
  await updateUser(db, user.id, { passwordHash: await hashPassword(input.newPassword) }, now);
  // Whoever else holds a session may be the reason for the change.
  const sessions = await revokeUserSessions(db, user.id, now, sessionId);
  await audit(db, deps, {
    actorUserId: user.id,
    action: 'password_set',
    subject: user.id,
    detail: { via: 'change', sessionsRevoked: sessions },
    ip: meta.ip,
  });
}

/** Ends this session. */
export async function logout(db: Db, deps: AuthDeps, userId: string, sessionId: string, meta: RequestMeta) {
  await revokeSession(db, sessionId, deps.clock().toISOString());
  await audit(db, deps, { actorUserId: userId, action: 'logout', subject: userId, detail: { sessionId }, ip: meta.ip });
}

/** Ends every session of the caller. */
export async function logoutAll(db: Db, deps: AuthDeps, userId: string, meta: RequestMeta): Promise<void> {
  const n = await revokeUserSessions(db, userId, deps.clock().toISOString());
  await audit(db, deps, {
    actorUserId: userId,
    action: 'logout_all',
    subject: userId,
    detail: { sessions: n },
    ip: meta.ip,
  });
}

/** What an invitation link is for, as the accept page shows it. */
export async function inspectInvitation(
  db: Db,
  deps: AuthDeps,
  token: string,
): Promise<{ email: string; name: string; role: StoredUser['role']; purpose: 'invite' | 'reset' }> {
  const { user, purpose } = await liveInvitation(db, deps, token);
  return { email: user.email, name: user.name, role: user.role, purpose };
}

async function liveInvitation(db: Db, deps: AuthDeps, token: string) {
  const inv = await findInvitationByHash(db, invitationHash(token));
  const now = deps.clock().getTime();
  if (!inv || inv.usedAt || !inv.userId || inv.purpose === 'setup' || new Date(inv.expiresAt).getTime() <= now) {
    throw new LifeboatError('not_found', 'This link is unknown, used or expired; ask for a new one.', {
      field: 'token',
    });
  }
  const user = await findUserById(db, inv.userId);
  if (!user || user.disabled) {
    throw new LifeboatError('not_found', 'This link is unknown, used or expired; ask for a new one.', {
      field: 'token',
    });
  }
  return { inv, user, purpose: inv.purpose as 'invite' | 'reset' };
}

/** Sets the password through a one-time link and starts a session (pending TOTP when needed). */
export async function acceptInvitation(
  db: Db,
  deps: AuthDeps,
  input: { token: string; password: string; name?: string },
  meta: RequestMeta,
): Promise<StartedSession> {
  const { inv, user } = await liveInvitation(db, deps, input.token);
  assertPasswordStrength(input.password, 'password');
  const now = deps.clock().toISOString();
  if (!(await markInvitationUsed(db, inv.id, now))) {
    throw new LifeboatError('not_found', 'This link is unknown, used or expired; ask for a new one.', {
      field: 'token',
    });
  }
  await invalidateUserInvitations(db, user.id, now);
  const name = input.name?.trim();
  await updateUser(db, user.id, { passwordHash: await hashPassword(input.password), ...(name ? { name } : {}) }, now);
  // A reset link is used when a password may be known to someone else: end their sessions.
  await revokeUserSessions(db, user.id, now);
  await audit(db, deps, {
    actorUserId: user.id,
    action: 'invitation_used',
    subject: user.id,
    detail: { purpose: inv.purpose, invitationId: inv.id },
    ip: meta.ip,
  });
  await audit(db, deps, {
    actorUserId: user.id,
    action: 'password_set',
    subject: user.id,
    detail: { via: inv.purpose },
    ip: meta.ip,
  });
  const fresh = await findUserById(db, user.id);
  if (!fresh) throw new LifeboatError('not_found', 'The user was removed.');
  return startSession(db, deps, fresh, meta);
}
