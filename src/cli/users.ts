import { LifeboatError } from '../domain/errors.js';
import { ROLES, type Role } from '../domain/roles.js';
import { createTokenForEmail, createUserWithInvitation } from '../server/users/users.service.js';
import { CliError } from './cli-error.js';
import { openFromFlags } from './open-db.js';

/** Options of `lifeboat user add`. */
export interface UserAddOptions {
  role?: string;
  unit?: string;
  name?: string;
  data?: string;
  demo?: boolean;
  /** As for `serve`: the link names the address the server answers on. */
  port?: string;
  host?: string;
}

/** Options of `lifeboat token create`. */
export interface TokenCreateOptions {
  name?: string;
  data?: string;
  demo?: boolean;
}

function isRole(value: string | undefined): value is Role {
  return (ROLES as readonly string[]).includes(value ?? '');
}

// Bad input from a service becomes exit status 2 with the same message the API gives.
function asCliError(error: unknown): unknown {
  if (error instanceof LifeboatError && error.code !== 'internal') {
    return new CliError(
      [`lifeboat: ${error.field ? `${error.field}: ` : ''}${error.message.replace(/^[\w.]+: /, '')}`],
      2,
    );
  }
  return error;
}

/** `lifeboat user add EMAIL --role ROLE [--unit UNIT] [--name NAME]`: prints a one-time link. */
export async function userAddCommand(email: string, opts: UserAddOptions): Promise<void> {
  if (!isRole(opts.role)) {
    throw new CliError([`lifeboat: --role: expected one of ${ROLES.join(', ')} (got ${JSON.stringify(opts.role)})`], 2);
  }
  if (opts.role === 'reporter' && !opts.unit) throw new CliError(['lifeboat: --unit: a reporter needs a unit'], 2);
  if (opts.role !== 'reporter' && opts.unit) throw new CliError(['lifeboat: --unit: only a reporter has a unit'], 2);
  const role = opts.role;
  const opened = await openFromFlags(opts);
  try {
    const { user, invitationUrl } = await opened.db
      .transaction()
      .execute((trx) =>
        createUserWithInvitation(trx, opened.deps, { email, name: opts.name, role, unitId: opts.unit ?? null }, null),
      );
    process.stdout.write(
      `${user.email} (${user.role}${user.unitId ? `, unit ${user.unitId}` : ''}): one-time link, valid ${opened.config.invitationHours} hours:\n${invitationUrl}\n`,
    );
    for (const line of opened.linkWarning ?? []) process.stderr.write(`${line}\n`);
  } catch (error) {
    throw asCliError(error);
  } finally {
    await opened.close();
  }
}

/** `lifeboat token create EMAIL [--name NAME]`: prints a new API token, once. */
export async function tokenCreateCommand(email: string, opts: TokenCreateOptions): Promise<void> {
  const opened = await openFromFlags(opts);
  try {
    const { token } = await opened.db
      .transaction()
      .execute((trx) => createTokenForEmail(trx, opened.deps, email, opts.name ?? 'cli'));
    process.stdout.write(`${token}\n`);
  } catch (error) {
    throw asCliError(error);
  } finally {
    await opened.close();
  }
}
