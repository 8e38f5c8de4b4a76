import type { Db } from '../store/database.js';
import { readSetting, writeSetting } from '../store/settings/settings.repository.js';
import type { Config } from './config.js';

/**
 * Where a running server answers, as `serve` records it at start: the CLI (`lifeboat user add`) opens
 * the same database and prints links to the same address, even when the server was started with
 * flags (`--port 3000`) that the CLI's own environment does not repeat.
 */
export interface ServedAddress {
  publicUrl: string;
  host: string;
  port: number;
}

const SERVED_ADDRESS_KEY = 'server.address';

/** Whether a URL names this machine only (localhost, 127.0.0.0/8, ::1): a phone cannot open it. */
export function isLoopbackUrl(url: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return isLoopbackHost(hostname.replace(/^\[|\]$/g, ''));
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1';
}

/** Whether a listening address lets other devices in (0.0.0.0, ::, or an address of a network card). */
export function listensBeyondLoopback(host: string): boolean {
  return !isLoopbackHost(host.toLowerCase().replace(/^\[|\]$/g, ''));
}

/**
 * The warning for a server that listens for phones while its links name this machine only: every
 * invitation would then open nothing on the phone it is sent to. `lanAddresses` are this machine's
 * addresses on the network, offered as an example of a PUBLIC_URL that works. Null when all is well.
 */
export function publicUrlWarning(
  config: Pick<Config, 'host' | 'port' | 'publicUrl'>,
  lanAddresses: readonly string[] = [],
): string[] | null {
  if (!listensBeyondLoopback(config.host) || !isLoopbackUrl(config.publicUrl)) return null;
  const example = `http://${lanAddresses[0] ?? 'ADDRESS-OF-THIS-MACHINE'}:${config.port}`;
  return [
    `Warning: Lifeboat listens on ${config.host} for other devices, but its links (set-up, invitations) name ` +
      `${config.publicUrl}, which a phone or another computer cannot open.`,
    `  Set PUBLIC_URL to an address they can reach, for example PUBLIC_URL=${example}`,
  ];
}

/** Records where this server answers (see ServedAddress); the last server to start wins. */
export async function recordServedAddress(db: Db, config: Pick<Config, 'host' | 'port' | 'publicUrl'>): Promise<void> {
  const value: ServedAddress = { publicUrl: config.publicUrl, host: config.host, port: config.port };
  await writeSetting(db, SERVED_ADDRESS_KEY, value);
}

/** Where the server using this database said it answers, if one has ever started. */
export async function servedAddress(db: Db): Promise<ServedAddress | undefined> {
  const value = await readSetting(db, SERVED_ADDRESS_KEY);
  if (typeof value !== 'object' || value === null) return undefined;
  const { publicUrl, host, port } = value as Record<string, unknown>;
  if (typeof publicUrl !== 'string' || !/^https?:\/\//.test(publicUrl)) return undefined;
  if (typeof host !== 'string' || typeof port !== 'number') return undefined;
  return { publicUrl, host, port };
}
