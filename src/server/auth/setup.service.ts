import { LifeboatError } from '../../domain/errors.js';
import {
  countUsers,
  findInvitationByHash,
  findUserById,
  insertInvitation,
  invalidateSetupInvitations,
  markInvitationUsed,
} from '../../store/auth/auth.repository.js';
import type { Db } from '../../store/database.js';
import type { AppDeps } from '../deps.js';
import { createUserWithPassword } from '../users/users.service.js';
import { type AuthDeps, audit, type RequestMeta, type StartedSession, startSession } from './auth.service.js';
import { invitationHash, newInvitationToken } from './secrets.js';

/** While no user exists: a fresh one-time set-up link (older ones die); null once users exist. */
export async function ensureSetupLink(db: Db, deps: Pick<AppDeps, 'clock' | 'ids' | 'config'>): Promise<string | null> {
  if ((await countUsers(db)) > 0) return null;
  const now = deps.clock();
  await invalidateSetupInvitations(db, now.toISOString());
  const token = newInvitationToken();
  await insertInvitation(db, {
    id: deps.ids(),
    tokenHash: invitationHash(token),
    purpose: 'setup',
    userId: null,
    createdBy: null,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.config.invitationHours * 3_600_000).toISOString(),
  });
  return `${deps.config.publicUrl}/app/setup#${token}`;
}

/** Whether the first administrator is still to be created. */
export async function setupNeeded(db: Db): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

/** Creates the first administrator with the one-time set-up token and logs them in. */
export async function completeSetup(
  db: Db,
  deps: AuthDeps,
  input: { token: string; email: string; name: string; password: string },
  meta: RequestMeta,
): Promise<StartedSession> {
  if (!(await setupNeeded(db))) {
    throw new LifeboatError('conflict', 'Lifeboat is already set up; log in instead.', { key: 'err.setup.done' });
  }
  const inv = await findInvitationByHash(db, invitationHash(input.token));
  const now = deps.clock();
  if (inv?.purpose !== 'setup' || inv.usedAt || new Date(inv.expiresAt).getTime() <= now.getTime()) {
    throw new LifeboatError(
      'not_found',
      'The set-up link is unknown, used or expired; restart the server for a new one.',
      {
        field: 'token',
      },
    );
  }
  if (!(await markInvitationUsed(db, inv.id, now.toISOString()))) {
    throw new LifeboatError('not_found', 'The set-up link has already been used.', {
      key: 'err.setup.used',
      field: 'token',
    });
  }
  const { id } = await createUserWithPassword(
    db,
    deps,
    { email: input.email, name: input.name, role: 'admin', password: input.password },
    null,
    meta,
  );
  await audit(db, deps, {
    actorUserId: id,
    action: 'invitation_used',
    subject: id,
    detail: { purpose: 'setup' },
    ip: meta.ip,
  });
  const user = await findUserById(db, id);
  if (!user) throw new LifeboatError('internal', 'The new administrator could not be read back.');
  return startSession(db, deps, user, meta);
}
