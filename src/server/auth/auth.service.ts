import { LifeboatError } from '../../domain/errors.js';
import { insertAuditEvent } from '../../store/audit/audit.repository.js';
import {
  acceptTotpStep,
  clearLoginFailure,
  consumeRecoveryCode,
  countAttempt,
  findApiTokenByHash,
  findInvitationByHash,
  findLoginFailures,
  findSessionByHash,
  findUserByEmail,
  findUserById,
  insertSession,
  invalidateUserInvitations,
  listLiveSessions,
  markInvitationUsed,
  markSessionTotpVerified,
  replaceRecoveryCodes,
  reserveAttempt,
  revokeOwnSession,
  revokeSession,
  revokeUserApiTokens,
  revokeUserSessions,
  type SessionInfo,
  type SessionWithUser,
  type StoredUser,
  touchApiToken,
  touchSession,
  updateUser,
} from '../../store/auth/auth.repository.js';
import type { Db } from '../../store/database.js';
import type { AppDeps } from '../deps.js';
import { accountDelayMs, reservePolicy, retryAfterSeconds, staleBefore } from './backoff.js';
import type { AuthContext, AuthUser } from './guard.js';
import { openSecret, sealSecret } from './keys.js';
import { assertPasswordStrength, checkPassword, dummyHash, hashPassword } from './password.js';
import { invitationHash, newCsrfToken, newSessionToken, sha256 } from './secrets.js';
import {
  isTotpCode,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUrl,
  qrDataUrl,
  recoveryCodeHash,
  totpStepOf,
} from './totp.js';

/** What the auth services need from the app. */
export type AuthDeps = Pick<AppDeps, 'clock' | 'ids' | 'config'>;

/** Where a request came from, for the audit trail and the back-off. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  /** The device id of a validly signed device cookie: the client a lockout is bound to, before the address. */
  deviceId?: string | null;
}

/** The client an attempt comes from: its signed device cookie, else its address (offices share one NAT). */
export function clientKey(meta: RequestMeta): string {
  return meta.deviceId ? `dev:${meta.deviceId}` : `ip:${meta.ip ?? 'unknown'}`;
}

/** The back-off key of logins to one account (e-mail) from one client, and of the account alone. */
export const loginKeys = (email: string, meta: RequestMeta) => ({
  pair: `login:${email}|${clientKey(meta)}`,
  account: `login:${email}`,
});

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
  viaLink = false,
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
    expiresAt: addHours(now, Math.min(deps.config.sessionHours, deps.config.sessionMaxHours)),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
    viaLink,
  });
  return { sessionId, token, csrfToken, totp: totpStateOf(user, verified), user: publicUser(user) };
}

/** The result of a login attempt: the route throws for the failures. */
export type LoginOutcome =
  | { kind: 'ok'; session: StartedSession }
  | { kind: 'failed' }
  | { kind: 'locked'; retryAfter: number };

/**
 * Reserves one attempt on a back-off key before any secret is checked; the retry-after seconds
 * when the key is locked, else null. Runs on its own (autocommit), never inside a transaction.
 */
export async function reserveOrLocked(db: Db, deps: AuthDeps, key: string): Promise<number | null> {
  const now = deps.clock();
  if (await reserveAttempt(db, key, reservePolicy(now))) return null;
  const [state] = await findLoginFailures(db, [key]);
  return retryAfterSeconds(state?.lockedUntil ?? null, now);
}

/** Waits before an attempt on an account under attack from many clients: a growing delay, never a lock. */
async function slowDown(db: Db, deps: AuthDeps, accountKey: string): Promise<void> {
  const now = deps.clock();
  const ms = accountDelayMs(await countAttempt(db, accountKey, now.toISOString(), staleBefore(now)));
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Checks e-mail and password. The attempt is reserved first (a hard lock only per account and
 * client, a delay per account); the hash is computed outside any transaction, so on SQLite other
 * requests do not wait behind it. Success ends the browser's previous session, upgrades a weak
 * hash and starts a new session. `db` must be the database, not a transaction.
 */
export async function login(
  db: Db,
  deps: AuthDeps,
  input: { email: string; password: string },
  meta: RequestMeta,
  previousSessionId: string | null = null,
): Promise<LoginOutcome> {
  const email = normaliseEmail(input.email);
  const keys = loginKeys(email, meta);
  const retryAfter = await reserveOrLocked(db, deps, keys.pair);
  if (retryAfter !== null) {
    await audit(db, deps, {
      actorUserId: null,
      action: 'login_locked',
      subject: email,
      detail: { client: meta.deviceId ? 'device' : 'address' },
      ip: meta.ip,
    });
    return { kind: 'locked', retryAfter };
  }
  await slowDown(db, deps, keys.account);
  const user = await findUserByEmail(db, email);
  const cost = deps.config.scryptCost;
  // Compare against a dummy hash for unknown users so that timing does not tell who exists.
  const check = await checkPassword(input.password, user?.passwordHash ?? dummyHash(cost), cost);
  if (!user || !check.ok || user.disabled || !user.passwordHash) {
    await audit(db, deps, {
      actorUserId: user?.id ?? null,
      action: 'login_failed',
      subject: email,
      detail: { reason: !user ? 'unknown_email' : user.disabled ? 'disabled' : 'bad_password' },
      ip: meta.ip,
    });
    return { kind: 'failed' };
  }
  const upgraded = check.needsRehash ? await hashPassword(input.password, cost) : null;
  const session = await db.transaction().execute(async (trx) => {
    await clearLoginFailure(trx, keys.pair);
    await clearLoginFailure(trx, keys.account);
    const now = deps.clock().toISOString();
    if (previousSessionId) await revokeSession(trx, previousSessionId, now);
    if (upgraded) await updateUser(trx, user.id, { passwordHash: upgraded }, now);
    const started = await startSession(trx, deps, user, meta);
    await audit(trx, deps, {
      actorUserId: user.id,
      action: 'login_ok',
      subject: user.id,
      // Second factor checked only by totp_verified, never here: the password alone was checked.
      detail: {
        secondFactorChecked: false,
        secondFactor: started.totp === 'ok' ? 'not_required' : started.totp,
        sessionId: started.sessionId,
        ...(previousSessionId ? { endedSessionId: previousSessionId } : {}),
        ...(upgraded ? { hashUpgraded: true } : {}),
      },
      ip: meta.ip,
    });
    return started;
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
  // However busy, a session ends at its absolute lifetime.
  const absoluteEnd = new Date(session.createdAt).getTime() + deps.config.sessionMaxHours * 3_600_000;
  if (absoluteEnd <= now.getTime()) return null;
  if (now.getTime() - new Date(session.lastSeenAt).getTime() >= TOUCH_EVERY_MS) {
    const idleEnd = now.getTime() + deps.config.sessionHours * 3_600_000;
    await touchSession(db, session.id, now.toISOString(), new Date(Math.min(idleEnd, absoluteEnd)).toISOString());
  }
  const pending = !session.totpVerified;
  return { session, pending };
}

/** The caller behind a bearer token; throws 401 for an unknown or revoked token or a disabled user. */
export async function resolveBearer(db: Db, deps: AuthDeps, token: string): Promise<AuthContext> {
  const found = await findApiTokenByHash(db, sha256(token));
  const now = deps.clock();
  if (!found || found.token.revokedAt || found.user.disabled) {
    throw new LifeboatError('unauthenticated', 'The API token is unknown or revoked.', {
      key: 'err.auth.tokenUnknown',
    });
  }
  if (found.token.expiresAt && new Date(found.token.expiresAt).getTime() <= now.getTime()) {
    throw new LifeboatError('unauthenticated', 'The API token has expired.', { key: 'err.auth.tokenExpired' });
  }
  const last = found.token.lastUsedAt ? new Date(found.token.lastUsedAt).getTime() : 0;
  if (now.getTime() - last >= TOUCH_EVERY_MS) await touchApiToken(db, found.token.id, now.toISOString());
  return { user: authUserOf(found.user), via: 'token', readOnly: found.token.readOnly };
}

/** The result of a second-factor attempt. */
export type TotpOutcome =
  | { kind: 'ok'; user: PublicUser; usedRecoveryCode: boolean }
  | { kind: 'failed' }
  | { kind: 'locked'; retryAfter: number };

/** Checks a TOTP or recovery code for a pending session and marks it verified; a TOTP step is accepted once. */
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
    throw new LifeboatError('conflict', 'No second factor is enrolled yet: enrol first.', {
      key: 'err.totp.notEnrolled',
      field: 'code',
    });
  }
  // Per user and client, like the password: whoever holds the password elsewhere cannot lock this device out.
  const key = `totp:${user.id}|${clientKey(meta)}`;
  const retryAfter = await reserveOrLocked(db, deps, key);
  if (retryAfter !== null) return { kind: 'locked', retryAfter };
  const now = deps.clock();
  return db.transaction().execute(async (trx): Promise<TotpOutcome> => {
    let ok = false;
    let usedRecoveryCode = false;
    if (isTotpCode(code)) {
      const secret = openSecret(deps.config, user.totpSecret as string);
      const step = totpStepOf(secret, user.email, code.replace(/\s+/g, ''), now);
      // The step is claimed atomically: a replayed code (or an older one) finds it taken.
      ok = step !== null && (await acceptTotpStep(trx, user.id, step));
    } else {
      ok = await consumeRecoveryCode(trx, user.id, recoveryCodeHash(user.id, code), now.toISOString());
      usedRecoveryCode = ok;
    }
    if (!ok) {
      await audit(trx, deps, { actorUserId: user.id, action: 'totp_failed', subject: user.id, ip: meta.ip });
      return { kind: 'failed' };
    }
    await clearLoginFailure(trx, key);
    await markSessionTotpVerified(trx, sessionId);
    await audit(trx, deps, {
      actorUserId: user.id,
      action: 'totp_verified',
      subject: user.id,
      detail: { secondFactorChecked: true, recoveryCode: usedRecoveryCode, sessionId },
      ip: meta.ip,
    });
    return { kind: 'ok', user: publicUser(user), usedRecoveryCode };
  });
}

/** Starts TOTP enrolment: a new secret, or the one shown before while it is unconfirmed, sealed at rest. */
export async function enrollTotp(
  db: Db,
  deps: AuthDeps,
  userId: string,
  session: { viaLink: boolean },
): Promise<{ secret: string; otpauthUrl: string; qrDataUrl: string }> {
  const user = await findUserById(db, userId);
  if (!user) throw new LifeboatError('unauthenticated', 'Log in first.', { key: 'err.auth.logInFirst' });
  // Re-enrolling would let a half-logged-in session replace the second factor it has not given.
  if (user.totpEnabled) {
    throw new LifeboatError('conflict', 'A second factor is already enrolled; an administrator can reset it.', {
      key: 'err.totp.alreadyEnrolledReset',
    });
  }
  // After a reset, whoever holds only the password must not choose the new factor.
  if (user.totpNeedsLink && !session.viaLink) {
    throw new LifeboatError('forbidden', 'Open the link your administrator gave you to set up the new second factor.', {
      key: 'err.totp.useLink',
    });
  }
  // Reopening the page keeps the secret already shown: a code just scanned must keep working.
  const secret = user.totpSecret ? openSecret(deps.config, user.totpSecret) : newTotpSecret();
  if (!user.totpSecret) {
    await updateUser(db, user.id, { totpSecret: sealSecret(deps.config, secret) }, deps.clock().toISOString());
  }
  const url = otpauthUrl(secret, user.email);
  return { secret, otpauthUrl: url, qrDataUrl: await qrDataUrl(url) };
}

/** Confirms enrolment with a code: TOTP is on, the session is verified, ten recovery codes are returned once. */
export async function confirmTotp(
  db: Db,
  deps: AuthDeps,
  session: { id: string; viaLink: boolean },
  userId: string,
  code: string,
  meta: RequestMeta,
): Promise<{ recoveryCodes: string[] }> {
  const user = await findUserById(db, userId);
  if (!user) throw new LifeboatError('unauthenticated', 'Log in first.', { key: 'err.auth.logInFirst' });
  if (user.totpEnabled)
    throw new LifeboatError('conflict', 'A second factor is already enrolled.', { key: 'err.totp.alreadyEnrolled' });
  if (user.totpNeedsLink && !session.viaLink) {
    throw new LifeboatError('forbidden', 'Open the link your administrator gave you to set up the new second factor.', {
      key: 'err.totp.useLink',
    });
  }
  if (!user.totpSecret)
    throw new LifeboatError('conflict', 'Start the enrolment first.', { key: 'err.totp.startFirst', field: 'code' });
  const step = totpStepOf(openSecret(deps.config, user.totpSecret), user.email, code.replace(/\s+/g, ''), deps.clock());
  if (step === null || !(await acceptTotpStep(db, user.id, step))) {
    throw new LifeboatError('validation_failed', 'code: the code is not valid; check the clock of the phone', {
      field: 'code',
      key: 'err.totp.badCodeClock',
    });
  }
  const now = deps.clock().toISOString();
  await updateUser(db, user.id, { totpEnabled: true, totpNeedsLink: false }, now);
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(
    db,
    user.id,
    codes.map((c) => ({ id: deps.ids(), hash: recoveryCodeHash(user.id, c) })),
  );
  await markSessionTotpVerified(db, session.id);
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
  if (!user) throw new LifeboatError('unauthenticated', 'Log in first.', { key: 'err.auth.logInFirst' });
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
  if (!user) throw new LifeboatError('unauthenticated', 'Log in first.', { key: 'err.auth.logInFirst' });
  return publicUser(user);
}

/**
 * Changes the caller's password after checking the current one, with the same back-off as a login;
 * other sessions and every API token of the user end. `db` must be the database, not a transaction.
 */
export async function changePassword(
  db: Db,
  deps: AuthDeps,
  userId: string,
  sessionId: string | undefined,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<{ kind: 'ok' | 'failed' } | { kind: 'locked'; retryAfter: number }> {
  const user = await findUserById(db, userId);
  if (!user) throw new LifeboatError('unauthenticated', 'Log in first.', { key: 'err.auth.logInFirst' });
  assertPasswordStrength(input.newPassword, 'new_password');
  const key = `password:${user.id}|${clientKey(meta)}`;
  const retryAfter = await reserveOrLocked(db, deps, key);
  if (retryAfter !== null) return { kind: 'locked', retryAfter };
  const cost = deps.config.scryptCost;
  if (!(await checkPassword(input.currentPassword, user.passwordHash, cost)).ok) {
    await audit(db, deps, { actorUserId: user.id, action: 'password_change_failed', subject: user.id, ip: meta.ip });
    return { kind: 'failed' };
  }
  const hash = await hashPassword(input.newPassword, cost);
  await db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    await clearLoginFailure(trx, key);
    await updateUser(trx, user.id, { passwordHash: hash }, now);
    // Whoever else holds a session or a token may be the reason for the change.
    const sessions = await revokeUserSessions(trx, user.id, now, sessionId);
    const tokens = await revokeUserApiTokens(trx, user.id, now);
    await audit(trx, deps, {
      actorUserId: user.id,
      action: 'password_set',
      subject: user.id,
      detail: { via: 'change', sessionsRevoked: sessions, tokensRevoked: tokens },
      ip: meta.ip,
    });
  });
  return { kind: 'ok' };
}

/** The caller's live sessions, the current one marked. */
export async function listMySessions(
  db: Db,
  deps: AuthDeps,
  userId: string,
  currentId: string,
): Promise<(SessionInfo & { current: boolean })[]> {
  const sessions = await listLiveSessions(db, userId, deps.clock().toISOString());
  return sessions.map((s) => ({ ...s, current: s.id === currentId }));
}

/** Ends one of the caller's own sessions (another one is reported missing). */
export async function revokeMySession(
  db: Db,
  deps: AuthDeps,
  userId: string,
  id: string,
  meta: RequestMeta,
): Promise<void> {
  if (!(await revokeOwnSession(db, userId, id, deps.clock().toISOString()))) {
    throw new LifeboatError('not_found', 'The session was not found', { key: 'err.auth.noSession', field: 'id' });
  }
  await audit(db, deps, {
    actorUserId: userId,
    action: 'logout',
    subject: userId,
    detail: { sessionId: id },
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
      key: 'err.link.invalid',
      field: 'token',
    });
  }
  const user = await findUserById(db, inv.userId);
  if (!user || user.disabled) {
    throw new LifeboatError('not_found', 'This link is unknown, used or expired; ask for a new one.', {
      key: 'err.link.invalid',
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
  passwordHash?: string,
): Promise<StartedSession> {
  const { inv, user } = await liveInvitation(db, deps, input.token);
  assertPasswordStrength(input.password, 'password');
  const now = deps.clock().toISOString();
  if (!(await markInvitationUsed(db, inv.id, now))) {
    throw new LifeboatError('not_found', 'This link is unknown, used or expired; ask for a new one.', {
      key: 'err.link.invalid',
      field: 'token',
    });
  }
  await invalidateUserInvitations(db, user.id, now);
  const name = input.name?.trim();
  const hash = passwordHash ?? (await hashPassword(input.password, deps.config.scryptCost));
  await updateUser(db, user.id, { passwordHash: hash, ...(name ? { name } : {}) }, now);
  // A reset link is used when a password may be known to someone else: end their sessions and tokens.
  await revokeUserSessions(db, user.id, now);
  if (inv.purpose === 'reset') await revokeUserApiTokens(db, user.id, now);
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
  if (!fresh) throw new LifeboatError('not_found', 'The user was removed.', { key: 'err.users.removed' });
  return startSession(db, deps, fresh, meta, true);
}
