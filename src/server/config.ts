import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ROLES, type Role } from '../domain/roles.js';
import { DEFAULT_BODY_LIMIT, DEFAULT_JSON_DEPTH, DEFAULT_TIMEOUTS } from './limits.js';
import { parseCidr } from './outgoing/webhook-address.js';

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
  /**
   * Worker threads that compute plans and what-ifs, so that a long plan never holds up other requests;
   * 0 computes them on the main thread (for comparison only).
   */
  plannerThreads: Type.Integer({ minimum: 0, maximum: 64 }),
  /** The bearer token that may read /metrics from other addresses than loopback; unset: loopback only. */
  metricsToken: Type.Optional(Type.String({ minLength: 16 })),
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
  /** The outgoing channels (e-mail, SMS) and the queue's retries; see `parseChannels`. */
  channels: Type.Object({
    smtp: Type.Optional(Type.Object({ url: Type.String(), from: Type.String() })),
    sms: Type.Optional(
      Type.Object({
        url: Type.String(),
        from: Type.String(),
        user: Type.Optional(Type.String()),
        password: Type.Optional(Type.String()),
      }),
    ),
    /** Attempts before a message is marked `failed`. */
    maxAttempts: Type.Integer({ minimum: 1, maximum: 50 }),
    /** How long one send may take before it counts as failed. */
    timeoutMs: Type.Integer({ minimum: 100, maximum: 600_000 }),
    /** CIDR blocks beyond the public internet that webhooks may reach (webhook-address.ts); none by default. */
    webhookAllow: Type.Optional(Type.Array(Type.String())),
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
    plannerThreads: Number(env.LIFEBOAT_PLANNER_THREADS ?? defaultPlannerThreads()),
    metricsToken: env.METRICS_TOKEN || undefined,
    bodyLimit: DEFAULT_BODY_LIMIT,
    jsonDepth: DEFAULT_JSON_DEPTH,
    rateLimit: { ...DEFAULT_RATE_LIMIT },
    timeouts: { ...DEFAULT_TIMEOUTS },
    channels: parseChannels(env, problems),
  };
  // The channels are checked by parseChannels, whose messages never echo a password.
  const schemaProblems = [...Value.Errors(ConfigSchema, candidate)]
    .filter((e) => !e.path.startsWith('/channels'))
    .map((e) => {
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
  plannerThreads: 'LIFEBOAT_PLANNER_THREADS (0 to 64; 0 plans on the main thread)',
  metricsToken: 'METRICS_TOKEN (at least 16 characters)',
};

/** One planner thread per CPU but one (the main thread keeps one), and at least one. */
export function defaultPlannerThreads(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

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

/** A URL with its password hidden, for messages about it. */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/**
 * The outgoing channels from the environment: LIFEBOAT_SMTP_URL + LIFEBOAT_SMTP_FROM, LIFEBOAT_SMS_URL +
 * LIFEBOAT_SMS_FROM (+ LIFEBOAT_SMS_USER, LIFEBOAT_SMS_PASSWORD), LIFEBOAT_OUTGOING_MAX_ATTEMPTS,
 * LIFEBOAT_OUTGOING_TIMEOUT_MS, LIFEBOAT_WEBHOOK_ALLOW. A channel left unset is "not configured": its messages wait in the queue.
 * Problems never echo a password.
 */
export function parseChannels(env: NodeJS.ProcessEnv, problems: string[]): Config['channels'] {
  const channels: Config['channels'] = {
    maxAttempts: Number(env.LIFEBOAT_OUTGOING_MAX_ATTEMPTS ?? 8),
    timeoutMs: Number(env.LIFEBOAT_OUTGOING_TIMEOUT_MS ?? 10_000),
  };
  if (!Number.isInteger(channels.maxAttempts) || channels.maxAttempts < 1 || channels.maxAttempts > 50)
    problems.push('LIFEBOAT_OUTGOING_MAX_ATTEMPTS: a whole number from 1 to 50');
  if (!Number.isInteger(channels.timeoutMs) || channels.timeoutMs < 100 || channels.timeoutMs > 600_000)
    problems.push('LIFEBOAT_OUTGOING_TIMEOUT_MS: a whole number of milliseconds from 100 to 600000');
  const allow = (env.LIFEBOAT_WEBHOOK_ALLOW ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const notCidr = allow.filter((c) => parseCidr(c) === null);
  if (notCidr.length > 0)
    problems.push(
      `LIFEBOAT_WEBHOOK_ALLOW: not a CIDR block: ${notCidr.map((c) => JSON.stringify(c)).join(', ')}; ` +
        'e.g. 10.20.0.0/16,192.168.5.10 (comma-separated; an address alone is one host)',
    );
  if (allow.length > 0) channels.webhookAllow = allow;
  const smtpUrl = env.LIFEBOAT_SMTP_URL?.trim();
  if (smtpUrl) {
    if (!urlWith(smtpUrl, ['smtp:', 'smtps:']))
      problems.push(
        `LIFEBOAT_SMTP_URL: not an smtp:// or smtps:// URL (got ${JSON.stringify(withoutPassword(smtpUrl))}); ` +
          'e.g. smtp://user:password@mail.example.org:587',
      );
    const from = env.LIFEBOAT_SMTP_FROM?.trim();
    if (!from || !/^[^\s@]+@[^\s@]+$|<[^\s@<>]+@[^\s@<>]+>$/.test(from))
      problems.push(
        'LIFEBOAT_SMTP_FROM: the sender address is required with LIFEBOAT_SMTP_URL (e.g. lifeboat@example.org)',
      );
    channels.smtp = { url: smtpUrl, from: from ?? '' };
  }
  const smsUrl = env.LIFEBOAT_SMS_URL?.trim();
  if (smsUrl) {
    if (!urlWith(smsUrl, ['http:', 'https:']))
      problems.push(
        `LIFEBOAT_SMS_URL: not an http:// or https:// URL (got ${JSON.stringify(withoutPassword(smsUrl))}); ` +
          'e.g. https://api.46elks.com/a1/sms',
      );
    const from = env.LIFEBOAT_SMS_FROM?.trim();
    if (!from)
      problems.push(
        'LIFEBOAT_SMS_FROM: the sender (a name of at most 11 letters or a number) is required with LIFEBOAT_SMS_URL',
      );
    const user = env.LIFEBOAT_SMS_USER || undefined;
    const password = env.LIFEBOAT_SMS_PASSWORD || undefined;
    if ((user === undefined) !== (password === undefined))
      problems.push('LIFEBOAT_SMS_USER and LIFEBOAT_SMS_PASSWORD: give both or neither');
    channels.sms = { url: smsUrl, from: from ?? '', ...(user ? { user } : {}), ...(password ? { password } : {}) };
  }
  return channels;
}

function urlWith(text: string, protocols: string[]): boolean {
  try {
    const u = new URL(text);
    return protocols.includes(u.protocol) && u.hostname !== '';
  } catch {
    return false;
  }
}

/** Role type re-exported for server modules. */
export type { Role };
