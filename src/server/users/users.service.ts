import { LifeboatError } from '../../domain/errors.js';
import type { Role } from '../../domain/roles.js';
import {
  type ApiTokenInfo,
  clearLoginFailuresByPrefix,
  countActiveAdmins,
  findApiToken,
  findUserByEmail,
  findUserById,
  insertApiToken,
  insertInvitation,
  insertUser,
  invalidateUserInvitations,
  listApiTokens,
  listUsers,
  replaceRecoveryCodes,
  revokeApiToken,
  revokeUserApiTokens,
  revokeUserSessions,
  type StoredUser,
  unitExists,
  updateUser,
} from '../../store/auth/auth.repository.js';
import type { Db } from '../../store/database.js';
import {
  type AuthDeps,
  audit,
  normaliseEmail,
  type PublicUser,
  publicUser,
  type RequestMeta,
} from '../auth/auth.service.js';
import type { AuthUser } from '../auth/guard.js';
import { assertPasswordStrength, hashPassword } from '../auth/password.js';
import { invitationHash, newApiToken, newInvitationToken, sha256 } from '../auth/secrets.js';
import { lock } from '../tx.js';

const NO_META: RequestMeta = { ip: null, userAgent: null };

// A reporter belongs to exactly one unit; nobody else belongs to any.
async function checkUnit(db: Db, role: Role, unitId: string | null | undefined): Promise<string | null> {
  if (role !== 'reporter') {
    if (unitId)
      throw new LifeboatError('validation_failed', 'unit_id: only a reporter has a unit', {
        key: 'err.users.onlyReporterUnit',
        field: 'unit_id',
      });
    return null;
  }
  if (!unitId)
    throw new LifeboatError('validation_failed', 'unit_id: a reporter needs a unit', {
      key: 'err.users.reporterNeedsUnit',
      field: 'unit_id',
    });
  if (!(await unitExists(db, unitId))) {
    throw new LifeboatError('validation_failed', `unit_id: there is no unit "${unitId}"`, {
      field: 'unit_id',
      key: 'err.users.noUnit',
      params: { id: unitId },
    });
  }
  return unitId;
}

async function insertNewUser(
  db: Db,
  deps: AuthDeps,
  input: { email: string; name?: string; role: Role; unitId?: string | null; passwordHash: string | null },
): Promise<StoredUser> {
  const email = normaliseEmail(input.email);
  if (await findUserByEmail(db, email)) {
    throw new LifeboatError('conflict', `email: there is already a user with the e-mail ${email}`, {
      field: 'email',
      key: 'err.users.emailTaken',
      params: { email },
    });
  }
  const unitId = await checkUnit(db, input.role, input.unitId);
  const id = deps.ids();
  const name = input.name?.trim() || email.split('@')[0] || email;
  await insertUser(db, {
    id,
    email,
    name,
    role: input.role,
    unitId,
    passwordHash: input.passwordHash,
    now: deps.clock().toISOString(),
  });
  const user = await findUserById(db, id);
  if (!user) throw new LifeboatError('internal', 'The new user could not be read back.');
  return user;
}

/** Creates a user with a password at once (first set-up, demo accounts, tests). */
export async function createUserWithPassword(
  db: Db,
  deps: AuthDeps,
  input: { email: string; name: string; role: Role; unitId?: string | null; password: string },
  actorUserId: string | null = null,
  meta: RequestMeta = NO_META,
): Promise<{ id: string }> {
  assertPasswordStrength(input.password);
  const user = await insertNewUser(db, deps, {
    ...input,
    passwordHash: await hashPassword(input.password, deps.config.scryptCost),
  });
  await audit(db, deps, {
    actorUserId,
    action: 'user_created',
    subject: user.id,
    detail: { email: user.email, role: user.role, unitId: user.unitId },
    ip: meta.ip,
  });
  await audit(db, deps, {
    actorUserId,
    action: 'password_set',
    subject: user.id,
    detail: { via: 'create' },
    ip: meta.ip,
  });
  return { id: user.id };
}

/** Makes a one-time link for a user (a new user's invitation, or a password reset); older links die. */
export async function makeInvitation(
  db: Db,
  deps: AuthDeps,
  userId: string,
  purpose: 'invite' | 'reset',
  actorUserId: string | null,
  meta: RequestMeta = NO_META,
): Promise<string> {
  const now = deps.clock();
  await invalidateUserInvitations(db, userId, now.toISOString());
  const token = newInvitationToken();
  const id = deps.ids();
  await insertInvitation(db, {
    id,
    tokenHash: invitationHash(token),
    purpose,
    userId,
    createdBy: actorUserId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.config.invitationHours * 3_600_000).toISOString(),
  });
  await audit(db, deps, {
    actorUserId,
    action: 'invitation_made',
    subject: userId,
    detail: { purpose, invitationId: id },
    ip: meta.ip,
  });
  return `${deps.config.publicUrl}/app/invite#${token}`;
}

/** Creates a user without a password and returns a one-time link to set one. */
export async function createUserWithInvitation(
  db: Db,
  deps: AuthDeps,
  input: { email: string; name?: string; role: Role; unitId?: string | null },
  actorUserId: string | null,
  meta: RequestMeta = NO_META,
): Promise<{ user: PublicUser; invitationUrl: string }> {
  const user = await insertNewUser(db, deps, { ...input, passwordHash: null });
  await audit(db, deps, {
    actorUserId,
    action: 'user_created',
    subject: user.id,
    detail: { email: user.email, role: user.role, unitId: user.unitId },
    ip: meta.ip,
  });
  const invitationUrl = await makeInvitation(db, deps, user.id, 'invite', actorUserId, meta);
  return { user: publicUser(user), invitationUrl };
}

/** Every user, for the admin. */
export async function listPublicUsers(db: Db): Promise<PublicUser[]> {
  return (await listUsers(db)).map(publicUser);
}

async function existingUser(db: Db, id: string): Promise<StoredUser> {
  const user = await findUserById(db, id);
  if (!user) throw new LifeboatError('not_found', 'The user was not found', { key: 'err.users.notFound', field: 'id' });
  return user;
}

/** Changes a user's name, role, unit or disabled flag; role and unit changes are audited. */
export async function patchUser(
  db: Db,
  deps: AuthDeps,
  id: string,
  input: { name?: string; role?: Role; unitId?: string | null; disabled?: boolean },
  actor: AuthUser,
  meta: RequestMeta = NO_META,
): Promise<PublicUser> {
  // Serialise changes of accounts first: two requests demoting each other must not both see the other one.
  // An advisory lock, not FOR UPDATE on the admins' rows: a row lock also meets the KEY SHARE locks that
  // inserts referencing a user take (sessions, audit), and two such writers deadlocked (seen in the race test).
  await lock(db, 'administrators');
  const user = await existingUser(db, id);
  const role = input.role ?? user.role;
  // Leaving the reporter role drops the unit; otherwise the unit given, or the one held.
  const wantedUnit = input.unitId !== undefined ? input.unitId : role === 'reporter' ? user.unitId : null;
  const unitId = await checkUnit(db, role, wantedUnit);
  const disabled = input.disabled ?? user.disabled;
  const losesAdmin = user.role === 'admin' && !user.disabled && (role !== 'admin' || disabled);
  if (losesAdmin && (await countActiveAdmins(db, user.id)) === 0) {
    throw new LifeboatError('conflict', 'This is the last administrator: make another one first.', {
      key: 'err.users.lastAdmin',
      field: input.role !== undefined && role !== 'admin' ? 'role' : 'disabled',
    });
  }
  const now = deps.clock().toISOString();
  await updateUser(db, id, { name: input.name?.trim(), role, unitId, disabled }, now);
  const base = { actorUserId: actor.id, subject: id, ip: meta.ip };
  if (role !== user.role)
    await audit(db, deps, { ...base, action: 'user_role_changed', detail: { from: user.role, to: role } });
  if (unitId !== user.unitId) {
    await audit(db, deps, { ...base, action: 'user_unit_changed', detail: { from: user.unitId, to: unitId } });
  }
  if (disabled !== user.disabled) {
    await audit(db, deps, { ...base, action: disabled ? 'user_disabled' : 'user_enabled' });
    if (disabled) {
      await revokeUserSessions(db, id, now);
      await revokeUserApiTokens(db, id, now);
    }
  }
  if (input.name !== undefined && input.name.trim() !== user.name) {
    await audit(db, deps, { ...base, action: 'user_renamed', detail: { from: user.name, to: input.name.trim() } });
  }
  return publicUser(await existingUser(db, id));
}

/** A new one-time link for an existing user to set a new password. */
export async function resetInvitation(
  db: Db,
  deps: AuthDeps,
  id: string,
  actor: AuthUser,
  meta: RequestMeta = NO_META,
): Promise<string> {
  const user = await existingUser(db, id);
  return makeInvitation(db, deps, user.id, user.passwordHash ? 'reset' : 'invite', actor.id, meta);
}

/** Ends every session of a user (admin). */
export async function adminRevokeSessions(
  db: Db,
  deps: AuthDeps,
  id: string,
  actor: AuthUser,
  meta: RequestMeta = NO_META,
): Promise<void> {
  await existingUser(db, id);
  const n = await revokeUserSessions(db, id, deps.clock().toISOString());
  await audit(db, deps, {
    actorUserId: actor.id,
    action: 'sessions_revoked',
    subject: id,
    detail: { sessions: n },
    ip: meta.ip,
  });
}

/**
 * Clears a user's second factor and recovery codes (lost phone); their sessions and tokens end.
 * The new factor can be enrolled only through the reset link returned here, not with the password alone.
 */
export async function adminResetTotp(
  db: Db,
  deps: AuthDeps,
  id: string,
  actor: AuthUser,
  meta: RequestMeta = NO_META,
): Promise<string> {
  const user = await existingUser(db, id);
  const now = deps.clock().toISOString();
  await updateUser(db, id, { totpSecret: null, totpEnabled: false, totpNeedsLink: true, totpLastStep: null }, now);
  await replaceRecoveryCodes(db, id, []);
  await revokeUserSessions(db, id, now);
  await revokeUserApiTokens(db, id, now);
  await audit(db, deps, { actorUserId: actor.id, action: 'totp_reset', subject: id, ip: meta.ip });
  return makeInvitation(db, deps, id, user.passwordHash ? 'reset' : 'invite', actor.id, meta);
}

/** Lifts every login, TOTP and password-change lock of a user (admin). */
export async function adminUnlock(
  db: Db,
  deps: AuthDeps,
  id: string,
  actor: AuthUser,
  meta: RequestMeta = NO_META,
): Promise<void> {
  const user = await existingUser(db, id);
  const n = await clearLoginFailuresByPrefix(db, [`login:${user.email}`, `totp:${user.id}`, `password:${user.id}|`]);
  await audit(db, deps, {
    actorUserId: actor.id,
    action: 'user_unlocked',
    subject: id,
    detail: { keys: n },
    ip: meta.ip,
  });
}

/** An API token as the API lists it. */
export interface TokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  userEmail: string;
  readOnly: boolean;
  expiresAt: string | null;
}

function tokenView(t: ApiTokenInfo): TokenView {
  return {
    id: t.id,
    name: t.name,
    createdAt: t.createdAt,
    lastUsedAt: t.lastUsedAt,
    userEmail: t.userEmail,
    readOnly: t.readOnly,
    expiresAt: t.expiresAt,
  };
}

/** Days an API token lives unless told otherwise. */
export const DEFAULT_TOKEN_DAYS = 90;

/** What a new token may be: its name, read-only or read-write, and its lifetime in days. */
export interface TokenOptions {
  name: string;
  readOnly?: boolean;
  expiresDays?: number;
}

/** The caller's live tokens; an admin sees everyone's. */
export async function listTokens(db: Db, caller: AuthUser): Promise<TokenView[]> {
  return (await listApiTokens(db, caller.role === 'admin' ? undefined : caller.id)).map(tokenView);
}

/** Creates an API token for a user; the secret is returned once and stored hashed. */
export async function createToken(
  db: Db,
  deps: AuthDeps,
  userId: string,
  nameOrOptions: string | TokenOptions,
  actorUserId: string | null,
  meta: RequestMeta = NO_META,
): Promise<{ id: string; token: string; readOnly: boolean; expiresAt: string }> {
  const options = typeof nameOrOptions === 'string' ? { name: nameOrOptions } : nameOrOptions;
  const user = await existingUser(db, userId);
  if (user.disabled) throw new LifeboatError('conflict', 'The user is disabled.', { key: 'err.users.disabled' });
  const days = options.expiresDays ?? DEFAULT_TOKEN_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new LifeboatError('validation_failed', 'expires_days: a whole number of days from 1 to 3650', {
      key: 'err.users.expiresDays',
      field: 'expires_days',
    });
  }
  const token = newApiToken();
  const id = deps.ids();
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + days * 86_400_000).toISOString();
  const readOnly = options.readOnly ?? false;
  const name = options.name.trim();
  await insertApiToken(db, { id, userId, name, tokenHash: sha256(token), now: now.toISOString(), readOnly, expiresAt });
  await audit(db, deps, {
    actorUserId,
    action: 'token_created',
    subject: userId,
    detail: { tokenId: id, name, readOnly, expiresAt },
    ip: meta.ip,
  });
  return { id, token, readOnly, expiresAt };
}

/** Creates a token for the user with this e-mail (the CLI). */
export async function createTokenForEmail(
  db: Db,
  deps: AuthDeps,
  email: string,
  options: TokenOptions,
): Promise<{ id: string; token: string; readOnly: boolean; expiresAt: string }> {
  const user = await findUserByEmail(db, normaliseEmail(email));
  if (!user)
    throw new LifeboatError('not_found', `There is no user with the e-mail ${normaliseEmail(email)}`, {
      field: 'email',
    });
  return createToken(db, deps, user.id, options, null);
}

/** Revokes a token: its owner or an admin may. */
export async function revokeToken(
  db: Db,
  deps: AuthDeps,
  id: string,
  caller: AuthUser,
  meta: RequestMeta = NO_META,
): Promise<void> {
  const token = await findApiToken(db, id);
  // Someone else's token is reported as missing, so ids cannot be probed.
  if (!token || token.revokedAt || (token.userId !== caller.id && caller.role !== 'admin')) {
    throw new LifeboatError('not_found', 'The token was not found', { key: 'err.users.noToken', field: 'id' });
  }
  await revokeApiToken(db, id, deps.clock().toISOString());
  await audit(db, deps, {
    actorUserId: caller.id,
    action: 'token_revoked',
    subject: token.userId,
    detail: { tokenId: id },
    ip: meta.ip,
  });
}
