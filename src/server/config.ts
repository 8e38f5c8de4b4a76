import { isIP } from 'node:net';
import path from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ROLES, type Role } from '../domain/roles.js';
import { DEFAULT_BODY_LIMIT, DEFAULT_JSON_DEPTH, DEFAULT_TIMEOUTS } from './limits.js';

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
  /**
   * Which senders' X-Forwarded-For is believed: a hop count (0 = none; 1 = the one proxy in front,
   * when nothing else can reach the server), or the proxies' addresses and CIDR ranges.
   */
  trustProxy: Type.Union([Type.Integer({ minimum: 0, maximum: 10 }), Type.Array(Type.String(), { minItems: 1 })]),
  tlsCert: Type.Optional(Type.String()),
  tlsKey: Type.Optional(Type.String()),
  /** Request bodies above this many bytes are refused (413) unless a route sets its own `bodyLimit`. */
  bodyLimit: Type.Integer({ minimum: 1024 }),
  /** JSON bodies nested deeper than this are refused (422) before they are parsed. */
  jsonDepth: Type.Integer({ minimum: 2, maximum: 1000 }),
  /** Requests per window: per session or token, per address when anonymous, and on the anonymous auth routes. */
  rateLimit: Type.Object({
    windowMs: Type.Integer({ minimum: 1 }),
    perCaller: Type.Integer({ minimum: 1 }),
    perAddress: Type.Integer({ minimum: 1 }),
    authPerAddress: Type.Integer({ minimum: 1 }),
  }),
  /** HTTP server timeouts in milliseconds (see `timeoutOptions` in limits.ts). */
  timeouts: Type.Object({
    idleMs: Type.Integer({ minimum: 1 }),
    requestMs: Type.Integer({ minimum: 1 }),
    headersMs: Type.Integer({ minimum: 1 }),
    keepAliveMs: Type.Integer({ minimum: 1 }),
  }),
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
  const problems: string[] = [];
  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);
  const scheme = flags.tlsCert !== undefined ? 'https' : 'http';
  const candidate = {
    port,
    host,
    publicUrl: (
      env.PUBLIC_URL ?? `${scheme}://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`
    ).replace(/\/+$/, ''),
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    totpRequiredFor,
    sessionHours: Number(env.LIFEBOAT_SESSION_HOURS ?? 4),
    invitationHours: Number(env.LIFEBOAT_INVITATION_HOURS ?? 72),
    sessionMaxHours: Number(env.LIFEBOAT_SESSION_MAX_HOURS ?? 12),
    scryptCost: Number(env.LIFEBOAT_SCRYPT_COST ?? 17),
    secretKey: env.LIFEBOAT_SECRET_KEY || undefined,
    demo,
    trustProxy,
    tlsCert: flags.tlsCert,
    tlsKey: flags.tlsKey,
    bodyLimit: DEFAULT_BODY_LIMIT,
    jsonDepth: DEFAULT_JSON_DEPTH,
    rateLimit: { ...DEFAULT_RATE_LIMIT },
    timeouts: { ...DEFAULT_TIMEOUTS },
  };
  const schemaProblems = [...Value.Errors(ConfigSchema, candidate)].map((e) => {
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
  problems.unshift(...schemaProblems);
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

/** Whether cookies must carry `Secure` (and HSTS is sent): the public address is https, or Lifeboat ends TLS itself. */
export function secureCookies(config: Config): boolean {
  return config.publicUrl.startsWith('https://') || config.tlsCert !== undefined;
}

/** The default rate limits per minute; a crisis room behind one NAT address shares `perAddress` and `authPerAddress`. */
export const DEFAULT_RATE_LIMIT: Config['rateLimit'] = {
  windowMs: 60_000,
  perCaller: 600,
  perAddress: 300,
  authPerAddress: 100,
};

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

// An address, or an address with a prefix length that fits it.
function isAddressOrCidr(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** TRUST_PROXY: unset or 0 trusts nobody, a number is a hop count, else a list of addresses and CIDRs. */
export function parseTrustProxy(value: string | undefined, problems: string[]): number | string[] {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false') return 0;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((e) => e.trim());
  const bad = entries.filter((e) => !isAddressOrCidr(e));
  if (bad.length === 0) return entries;
  problems.push(
    `TRUST_PROXY: ${JSON.stringify(bad.join(','))} does not name proxies; give a hop count (1 = the one reverse proxy in front, ` +
      "when nothing else can reach Lifeboat) or the proxies' addresses and CIDR ranges separated by commas " +
      '(e.g. 10.0.0.5,10.1.0.0/16, or loopback); "true" (believe every sender) is no longer accepted',
  );
  return 0;
}

/** Role type re-exported for server modules. */
export type { Role };
