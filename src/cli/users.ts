import { LifeboatError } from '../domain/errors.js';
import { ROLES, type Role } from '../domain/roles.js';
import { createTokenForEmail, createUserWithInvitation } from '../server/users/users.service.js';
import { CliError } from './cli-error.js';
import { cliText } from './locale.js';
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
  readOnly?: boolean;
  expiresDays?: string;
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
    throw new CliError(
      [`lifeboat: --role: ${cliText('err.cli.role', { roles: ROLES.join(', '), value: JSON.stringify(opts.role) })}`],
      2,
    );
  }
  if (opts.role === 'reporter' && !opts.unit)
    throw new CliError([`lifeboat: --unit: ${cliText('err.cli.reporterUnit')}`], 2);
  if (opts.role !== 'reporter' && opts.unit)
    throw new CliError([`lifeboat: --unit: ${cliText('err.cli.onlyReporterUnit')}`], 2);
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

/** `lifeboat token create EMAIL [--name NAME] [--read-only] [--expires-days N]`: prints a new API token, once. */
export async function tokenCreateCommand(email: string, opts: TokenCreateOptions): Promise<void> {
  const days = opts.expiresDays === undefined ? undefined : Number(opts.expiresDays);
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650)) {
    throw new CliError(
      [`lifeboat: --expires-days: a whole number from 1 to 3650 (got ${JSON.stringify(opts.expiresDays)})`],
      2,
    );
  }
  const opened = await openFromFlags(opts);
  try {
    const options = { name: opts.name ?? 'cli', readOnly: Boolean(opts.readOnly), expiresDays: days };
    const created = await opened.db
      .transaction()
      .execute((trx) => createTokenForEmail(trx, opened.deps, email, options));
    const kind = created.readOnly ? 'read-only' : 'read-write';
    process.stderr.write(`API token (${kind}, expires ${created.expiresAt}); it is shown only once:\n`);
    process.stdout.write(`${created.token}\n`);
  } catch (error) {
    throw asCliError(error);
  } finally {
    await opened.close();
  }
}
