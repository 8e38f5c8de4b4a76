import { sql } from 'kysely';
import type { Role } from '../../domain/roles.js';
import type { Db } from '../database.js';
import type { UserRow } from './auth.table.js';

/** A user as the server sees it, secrets included: never sent to a client as is. */
export interface StoredUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  unitId: string | null;
  locale: 'sv' | 'en' | null;
  totpEnabled: boolean;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  passwordHash: string | null;
  /** Sealed (encrypted) by the server; a legacy clear secret until the start-up re-seals it. */
  totpSecret: string | null;
  /** After an admin reset: a new factor may be enrolled only from a session started by the link. */
  totpNeedsLink: boolean;
}

function toUser(row: UserRow): StoredUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    unitId: row.unit_id,
    locale: row.locale === 'sv' || row.locale === 'en' ? row.locale : null,
    totpEnabled: row.totp_enabled === 1,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    totpNeedsLink: row.totp_needs_link === 1,
  };
}

/** How many users exist (set-up is allowed only while there are none). */
export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many enabled administrators exist, optionally not counting one user. */
export async function countActiveAdmins(db: Db, exceptUserId?: string): Promise<number> {
  let q = db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0);
  if (exceptUserId) q = q.where('id', '<>', exceptUserId);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Fields of a new user. */
export interface NewUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  unitId: string | null;
  passwordHash: string | null;
  now: string;
}

/** Inserts a user; the e-mail must already be normalised. */
export async function insertUser(db: Db, user: NewUser): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      unit_id: user.unitId,
      password_hash: user.passwordHash,
      totp_secret: null,
      totp_enabled: 0,
      locale: null,
      disabled: 0,
      failed_logins: 0,
      locked_until: null,
      totp_last_step: null,
      totp_needs_link: 0,
      created_at: user.now,
      updated_at: user.now,
    })
    .execute();
}

/** The user with this id, or undefined. */
export async function findUserById(db: Db, id: string): Promise<StoredUser | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/** The user with this (normalised) e-mail, or undefined. */
export async function findUserByEmail(db: Db, email: string): Promise<StoredUser | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/** Every user, ordered by e-mail. */
export async function listUsers(db: Db): Promise<StoredUser[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('email').execute();
  return rows.map(toUser);
}

/** The fields of a user that can change. */
export interface UserChanges {
  name?: string;
  role?: Role;
  unitId?: string | null;
  disabled?: boolean;
  locale?: 'sv' | 'en' | null;
  passwordHash?: string | null;
  totpSecret?: string | null;
  totpEnabled?: boolean;
  totpNeedsLink?: boolean;
  /** Set to null when the factor is reset, so that the new one starts afresh. */
  totpLastStep?: null;
}

/** Applies the given changes to one user. */
export async function updateUser(db: Db, id: string, changes: UserChanges, now: string): Promise<void> {
  await db
    .updateTable('users')
    .set({
      updated_at: now,
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.unitId !== undefined ? { unit_id: changes.unitId } : {}),
      ...(changes.disabled !== undefined ? { disabled: changes.disabled ? 1 : 0 } : {}),
      ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
      ...(changes.passwordHash !== undefined ? { password_hash: changes.passwordHash } : {}),
      ...(changes.totpSecret !== undefined ? { totp_secret: changes.totpSecret } : {}),
      ...(changes.totpEnabled !== undefined ? { totp_enabled: changes.totpEnabled ? 1 : 0 } : {}),
      ...(changes.totpNeedsLink !== undefined ? { totp_needs_link: changes.totpNeedsLink ? 1 : 0 } : {}),
      ...(changes.totpLastStep !== undefined ? { totp_last_step: null } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Accepts a TOTP time step for a user only when it is newer than every step accepted before: one
 * atomic UPDATE, so two requests with the same code cannot both win. True when this call won.
 */
export async function acceptTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Every user whose TOTP secret is stored (sealed or not), for re-sealing at start. */
export async function listTotpSecrets(db: Db): Promise<{ id: string; secret: string }[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'totp_secret'])
    .where('totp_secret', 'is not', null)
    .execute();
  return rows.map((r) => ({ id: r.id, secret: r.totp_secret as string }));
}

/** Replaces a stored TOTP secret only if it is still the given one (a concurrent change wins). */
export async function replaceTotpSecret(db: Db, id: string, from: string, to: string): Promise<void> {
  await db.updateTable('users').set({ totp_secret: to }).where('id', '=', id).where('totp_secret', '=', from).execute();
}

/** Whether a unit with this id exists in the catalogue. */
export async function unitExists(db: Db, unitId: string): Promise<boolean> {
  const row = await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst();
  return row !== undefined;
}

// ---- invitations ----

/** A one-time link: first set-up, invitation of a new user, or password reset. */
export interface Invitation {
  id: string;
  purpose: 'setup' | 'invite' | 'reset';
  userId: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

/** Stores an invitation by the hash of its token. */
export async function insertInvitation(
  db: Db,
  inv: Omit<Invitation, 'usedAt'> & { tokenHash: string; createdBy: string | null },
): Promise<void> {
  await db
    .insertInto('invitations')
    .values({
      id: inv.id,
      token_hash: inv.tokenHash,
      purpose: inv.purpose,
      user_id: inv.userId,
      created_by: inv.createdBy,
      created_at: inv.createdAt,
      expires_at: inv.expiresAt,
      used_at: null,
    })
    .execute();
}

/** The invitation with this token hash, used or not. */
export async function findInvitationByHash(db: Db, tokenHash: string): Promise<Invitation | undefined> {
  const row = await db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    purpose: row.purpose as Invitation['purpose'],
    userId: row.user_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
  };
}

/** Marks one invitation used; false when it already was (another request won). */
export async function markInvitationUsed(db: Db, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Invalidates every unused invitation of a user (a newer link replaces older ones). */
export async function invalidateUserInvitations(db: Db, userId: string, now: string): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}

/** Invalidates every unused set-up invitation. */
export async function invalidateSetupInvitations(db: Db, now: string): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ used_at: now })
    .where('purpose', '=', 'setup')
    .where('used_at', 'is', null)
    .execute();
}

// ---- sessions ----

/** A server-side session with its user. */
export interface SessionWithUser {
  id: string;
  csrfToken: string;
  totpVerified: boolean;
  createdAt: string;
  viaLink: boolean;
  lastSeenAt: string;
  expiresAt: string;
  revokedAt: string | null;
  user: StoredUser;
}

/** Stores a new session by the hash of its cookie token. */
export async function insertSession(
  db: Db,
  s: {
    id: string;
    tokenHash: string;
    userId: string;
    csrfToken: string;
    totpVerified: boolean;
    now: string;
    expiresAt: string;
    ip: string | null;
    userAgent: string | null;
    viaLink?: boolean;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      token_hash: s.tokenHash,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      totp_verified: s.totpVerified ? 1 : 0,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
      revoked_at: null,
      ip: s.ip,
      user_agent: s.userAgent,
      via_link: s.viaLink ? 1 : 0,
    })
    .execute();
}

/** The session with this token hash and its user, or undefined. */
export async function findSessionByHash(db: Db, tokenHash: string): Promise<SessionWithUser | undefined> {
  // One query for both (every signed-in request asks): the user's columns, and the session's under other names.
  const s = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select([
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.totp_verified',
      'sessions.created_at as session_created_at',
      'sessions.via_link',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.revoked_at',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!s) return undefined;
  return {
    id: s.session_id,
    csrfToken: s.csrf_token,
    totpVerified: s.totp_verified === 1,
    createdAt: s.session_created_at,
    viaLink: s.via_link === 1,
    lastSeenAt: s.last_seen_at,
    expiresAt: s.expires_at,
    revokedAt: s.revoked_at,
    user: toUser(s),
  };
}

/** Slides a session's expiry forward. */
export async function touchSession(db: Db, id: string, now: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id', '=', id).execute();
}

/** Marks a session as having passed the second factor. */
export async function markSessionTotpVerified(db: Db, id: string): Promise<void> {
  await db.updateTable('sessions').set({ totp_verified: 1 }).where('id', '=', id).execute();
}

/** Revokes one session. */
export async function revokeSession(db: Db, id: string, now: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every live session of a user, except possibly one; returns how many. */
export async function revokeUserSessions(db: Db, userId: string, now: string, exceptId?: string): Promise<number> {
  let q = db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (exceptId) q = q.where('id', '<>', exceptId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A session as its owner sees it listed. */
export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

/** A user's sessions that are neither revoked nor past the given instant, newest first. */
export async function listLiveSessions(db: Db, userId: string, now: string): Promise<SessionInfo[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    ip: r.ip,
    userAgent: r.user_agent,
  }));
}

/** Revokes one session of one user; false when there is no such live session. */
export async function revokeOwnSession(db: Db, userId: string, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- recovery codes ----

/** Replaces a user's recovery codes with new ones (given as hashes). */
export async function replaceRecoveryCodes(
  db: Db,
  userId: string,
  codes: readonly { id: string; hash: string }[],
): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (codes.length === 0) return;
  await db
    .insertInto('recovery_codes')
    .values(codes.map((c) => ({ id: c.id, user_id: userId, code_hash: c.hash, used_at: null })))
    .execute();
}

/** Uses up one unused recovery code of a user by its hash; false when there is none. */
export async function consumeRecoveryCode(db: Db, userId: string, hash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---- API tokens ----

/** An API token as listed (never its secret). */
export interface ApiTokenInfo {
  id: string;
  userId: string;
  userEmail: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  readOnly: boolean;
  expiresAt: string | null;
}

/** Stores an API token by its hash. */
export async function insertApiToken(
  db: Db,
  t: {
    id: string;
    userId: string;
    name: string;
    tokenHash: string;
    now: string;
    readOnly: boolean;
    expiresAt: string | null;
  },
): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: t.id,
      user_id: t.userId,
      name: t.name,
      token_hash: t.tokenHash,
      created_at: t.now,
      last_used_at: null,
      revoked_at: null,
      read_only: t.readOnly ? 1 : 0,
      expires_at: t.expiresAt,
    })
    .execute();
}

const tokenColumns = [
  'api_tokens.id',
  'api_tokens.user_id',
  'users.email',
  'api_tokens.name',
  'api_tokens.created_at',
  'api_tokens.last_used_at',
  'api_tokens.revoked_at',
  'api_tokens.read_only',
  'api_tokens.expires_at',
] as const;

function toToken(r: {
  id: string;
  user_id: string;
  email: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  read_only: number;
  expires_at: string | null;
}): ApiTokenInfo {
  return {
    id: r.id,
    userId: r.user_id,
    userEmail: r.email,
    name: r.name,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
    readOnly: r.read_only === 1,
    expiresAt: r.expires_at,
  };
}

/** Unrevoked tokens, of one user or (without a user id) of everyone, oldest first. */
export async function listApiTokens(db: Db, userId?: string): Promise<ApiTokenInfo[]> {
  let q = db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(tokenColumns)
    .where('api_tokens.revoked_at', 'is', null);
  if (userId) q = q.where('api_tokens.user_id', '=', userId);
  const rows = await q.orderBy('api_tokens.created_at').orderBy('api_tokens.id').execute();
  return rows.map(toToken);
}

/** One token by id, or undefined. */
export async function findApiToken(db: Db, id: string): Promise<ApiTokenInfo | undefined> {
  const r = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(tokenColumns)
    .where('api_tokens.id', '=', id)
    .executeTakeFirst();
  return r ? toToken(r) : undefined;
}

/** The token with this hash and its user, or undefined. */
export async function findApiTokenByHash(
  db: Db,
  tokenHash: string,
): Promise<{ token: ApiTokenInfo; user: StoredUser } | undefined> {
  const r = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(tokenColumns)
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!r) return undefined;
  const user = await findUserById(db, r.user_id);
  return user ? { token: toToken(r), user } : undefined;
}

/** Records that a token was used. */
export async function touchApiToken(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** Revokes one token. */
export async function revokeApiToken(db: Db, id: string, now: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every live token of a user (password change, TOTP reset, disabled account); returns how many. */
export async function revokeUserApiTokens(db: Db, userId: string, now: string): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---- login back-off ----

/** The back-off state of one key (an e-mail or an address). */
export interface LoginFailure {
  key: string;
  failures: number;
  lastFailureAt: string;
  lockedUntil: string | null;
}

/** The back-off state of the given keys that have one. */
export async function findLoginFailures(db: Db, keys: readonly string[]): Promise<LoginFailure[]> {
  if (keys.length === 0) return [];
  const rows = await db.selectFrom('login_failures').selectAll().where('key', 'in', keys).execute();
  return rows.map((r) => ({
    key: r.key,
    failures: Number(r.failures),
    lastFailureAt: r.last_failure_at,
    lockedUntil: r.locked_until,
  }));
}

/** Writes the back-off state of one key. */
export async function saveLoginFailure(db: Db, f: LoginFailure): Promise<void> {
  await db
    .insertInto('login_failures')
    .values({ key: f.key, failures: f.failures, last_failure_at: f.lastFailureAt, locked_until: f.lockedUntil })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: f.failures,
        last_failure_at: f.lastFailureAt,
        locked_until: f.lockedUntil,
      }),
    )
    .execute();
}

/** Forgets the back-off state of one key. */
export async function clearLoginFailure(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_failures').where('key', '=', key).execute();
}

/** How one attempt is reserved: the lock each failure count brings, and when a quiet key starts afresh. */
export interface ReservePolicy {
  now: string;
  /** A key whose last attempt is older than this counts from zero again. */
  staleBefore: string;
  /** `lockUntil[i]` is the lock set by the reservation that makes the count `free + i`; the last one repeats. */
  lockUntil: readonly string[];
  /** Reservations allowed before the first lock. */
  free: number;
}

/**
 * Reserves one attempt on a key with a single atomic upsert-increment, before the secret is
 * checked: the reservation that reaches the free count also sets the lock, so however many
 * requests race, exactly `free` of them get through. Undefined when the key is locked.
 */
export async function reserveAttempt(db: Db, key: string, p: ReservePolicy): Promise<{ failures: number } | undefined> {
  const first = p.free <= 1 ? (p.lockUntil[0] ?? null) : null;
  const last = p.lockUntil[p.lockUntil.length - 1] ?? p.now;
  const next = sql<number>`login_failures.failures + 1`;
  const stale = sql<boolean>`login_failures.last_failure_at < ${p.staleBefore}`;
  const whens = p.lockUntil.map((until, i) => sql`when ${next} = ${p.free + i} then ${until}`);
  const row = await db
    .insertInto('login_failures')
    .values({ key, failures: 1, last_failure_at: p.now, locked_until: first })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          failures: sql<number>`case when ${stale} then 1 else ${next} end`,
          last_failure_at: p.now,
          locked_until: sql<
            string | null
          >`case when ${stale} then ${first} when ${next} < ${p.free} then null ${sql.join(whens, sql` `)} else ${last} end`,
        })
        .where((eb) =>
          eb.or([eb('login_failures.locked_until', 'is', null), eb('login_failures.locked_until', '<=', p.now)]),
        ),
    )
    .returning(['failures'])
    .executeTakeFirst();
  return row ? { failures: Number(row.failures) } : undefined;
}

/** Counts one more attempt on a key that never locks (atomic upsert-increment); returns the count. */
export async function countAttempt(db: Db, key: string, now: string, staleBefore: string): Promise<number> {
  const row = await db
    .insertInto('login_failures')
    .values({ key, failures: 1, last_failure_at: now, locked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when login_failures.last_failure_at < ${staleBefore} then 1 else login_failures.failures + 1 end`,
        last_failure_at: now,
      }),
    )
    .returning(['failures'])
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

/** Forgets the back-off state of every key that starts with one of the prefixes (an admin's unlock); returns how many. */
export async function clearLoginFailuresByPrefix(db: Db, prefixes: readonly string[]): Promise<number> {
  if (prefixes.length === 0) return 0;
  const result = await db
    .deleteFrom('login_failures')
    .where((eb) =>
      eb.or(prefixes.map((prefix) => eb(eb.fn('substr', ['key', eb.val(1), eb.val(prefix.length)]), '=', prefix))),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
