import path from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ROLES, type Role } from '../domain/roles.js';

/** The validated configuration of one running Lifeboat. */
export const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String({ minLength: 1 }),
  /** The address used in links (invitations, feeds); decides whether cookies are `Secure`. */
  publicUrl: Type.String({ pattern: '^https?://[^\\s/]+(/.*)?$' }),
  dataDir: Type.String({ minLength: 1 }),
  databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  /** Roles that must use a TOTP second factor. */
  totpRequiredFor: Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r)))),
  sessionHours: Type.Number({ minimum: 0.1, maximum: 24 * 90 }),
  invitationHours: Type.Number({ minimum: 0.1, maximum: 24 * 30 }),
  /** The absolute lifetime of a session, however busy (the idle one is `sessionHours`). */
  sessionMaxHours: Type.Number({ minimum: 0.1, maximum: 24 * 90 }),
  /** scrypt cost as log2(N): 17 is OWASP's current advice; tests lower it. */
  scryptCost: Type.Integer({ minimum: 10, maximum: 20 }),
  /** The key that seals TOTP secrets and signs device cookies; the same on every server (required on PostgreSQL). */
  secretKey: Type.Optional(Type.String({ minLength: 32 })),
  demo: Type.Boolean(),
  /** Behind a reverse proxy, take the client address from X-Forwarded-For (else it could be forged). */
  trustProxy: Type.Boolean(),
  tlsCert: Type.Optional(Type.String()),
  tlsKey: Type.Optional(Type.String()),
});
export type Config = Static<typeof ConfigSchema>;

/** Options given on the command line; they win over the environment. */
export interface ConfigFlags {
  port?: string | number;
  host?: string;
  data?: string;
  demo?: boolean;
  tlsCert?: string;
  tlsKey?: string;
}

/** Thrown with every problem in the configuration, one per line. */
export class ConfigError extends Error {}

/** Builds and validates the configuration from flags and environment; throws a readable ConfigError. */
export function loadConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv): Config {
  const port = Number(flags.port ?? env.PORT ?? 8080);
  const host = flags.host ?? env.HOST ?? '127.0.0.1';
  const demo = Boolean(flags.demo);
  const dataDir = path.resolve(flags.data ?? env.LIFEBOAT_DATA ?? (demo ? './data-demo' : './data'));
  const totpEnv = env.LIFEBOAT_TOTP_REQUIRED;
  const totpRequiredFor =
    totpEnv === undefined
      ? ['admin', 'staff']
      : totpEnv === 'none' || totpEnv === ''
        ? []
        : totpEnv.split(',').map((s) => s.trim());
  const candidate = {
    port,
    host,
    publicUrl: (env.PUBLIC_URL ?? `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`).replace(
      /\/+$/,
      '',
    ),
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    totpRequiredFor,
    sessionHours: Number(env.LIFEBOAT_SESSION_HOURS ?? 12),
    invitationHours: Number(env.LIFEBOAT_INVITATION_HOURS ?? 72),
    sessionMaxHours: Number(env.LIFEBOAT_SESSION_MAX_HOURS ?? 24),
    scryptCost: Number(env.LIFEBOAT_SCRYPT_COST ?? 17),
    secretKey: env.LIFEBOAT_SECRET_KEY || undefined,
    demo,
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    tlsCert: flags.tlsCert,
    tlsKey: flags.tlsKey,
  };
  const problems = [...Value.Errors(ConfigSchema, candidate)].map((e) => {
    const name = CONFIG_NAMES[e.path.split('/')[1] ?? ''] ?? e.path;
    // A secret is never echoed, not even a wrong one.
    const got =
      e.path === '/secretKey'
        ? `${String(e.value).length} characters`
        : typeof e.value === 'number' && Number.isNaN(e.value)
          ? 'not a number'
          : JSON.stringify(e.value);
    return `${name}: ${e.message} (got ${got})`;
  });
  if ((candidate.tlsCert === undefined) !== (candidate.tlsKey === undefined)) {
    problems.push('--tls-cert and --tls-key: give both or neither');
  }
  if (problems.length > 0)
    throw new ConfigError(`Lifeboat cannot start; the configuration has problems:\n  ${problems.join('\n  ')}`);
  return candidate as Config;
}

const CONFIG_NAMES: Record<string, string> = {
  port: '--port / PORT',
  host: '--host / HOST',
  publicUrl: 'PUBLIC_URL',
  dataDir: '--data / LIFEBOAT_DATA',
  databaseUrl: 'DATABASE_URL',
  totpRequiredFor: 'LIFEBOAT_TOTP_REQUIRED (roles separated by commas, or "none")',
  sessionHours: 'LIFEBOAT_SESSION_HOURS',
  invitationHours: 'LIFEBOAT_INVITATION_HOURS',
  sessionMaxHours: 'LIFEBOAT_SESSION_MAX_HOURS',
  scryptCost: 'LIFEBOAT_SCRYPT_COST (log2 of scrypt N)',
  secretKey: 'LIFEBOAT_SECRET_KEY (at least 32 characters)',
};

/** Whether cookies must carry `Secure`: the public address is https. */
export function secureCookies(config: Config): boolean {
  return config.publicUrl.startsWith('https://');
}

/** Role type re-exported for server modules. */
export type { Role };
