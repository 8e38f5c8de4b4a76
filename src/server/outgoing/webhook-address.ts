/**
 * Where a webhook may go. Staff type a webhook's address, and the server posts to it from inside the
 * organisation's network: unguarded, anyone allowed to add a webhook could make the server reach the
 * machines beside it (server-side request forgery) and learn from the answers' status which of them
 * listen. So a webhook reaches public unicast addresses only; an organisation's own receivers on its
 * private network are allowed by the operator, as CIDR blocks in LIFEBOAT_WEBHOOK_ALLOW. The check is
 * made on every address a name resolves to, when connecting (see webhook-post.ts), so a name that
 * pointed to a public address when it was added and points inward later is still refused.
 */
import { BlockList, isIP } from 'node:net';

// Everything that is not a public unicast address, IPv4 and IPv6 (IPv4-mapped IPv6 addresses are
// matched against the IPv4 blocks by BlockList itself).
const NOT_PUBLIC: ReadonlyArray<[string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

/** The message of a refused address: the same whatever the address, so that it tells nobody how a name resolves. */
export const NOT_PUBLIC_MESSAGE =
  'the webhook address is not a public one (loopback, link-local, private or reserved); the server’s operator can allow a network with LIFEBOAT_WEBHOOK_ALLOW';

/** A CIDR block (`10.20.0.0/16`, `fd00::/8`, or an address alone for one host), or null when it is not one. */
export function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', prefixText, ...extra] = text.trim().split('/');
  const version = isIP(address);
  if (version === 0 || extra.length > 0) return null;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** Decides, address by address, whether a webhook may be posted there. */
export interface WebhookAddressGuard {
  /** Whether the server may connect to this IP address for a webhook. */
  allows(address: string): boolean;
}

/** The guard for an operator's allowed CIDR blocks (already checked by the configuration). */
export function webhookAddressGuard(allowed: readonly string[] = []): WebhookAddressGuard {
  const notPublic = new BlockList();
  for (const [address, prefix, family] of NOT_PUBLIC) notPublic.addSubnet(address, prefix, family);
  const allowList = new BlockList();
  for (const text of allowed) {
    const cidr = parseCidr(text);
    if (cidr) allowList.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  return {
    allows(address) {
      const version = isIP(address);
      if (version === 0) return false;
      const family = version === 4 ? 'ipv4' : 'ipv6';
      return allowList.check(address, family) || !notPublic.check(address, family);
    },
  };
}

/** A URL's host as an IP address when it is one (`[::1]` → `::1`), else null: a name, resolved when connecting. */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) === 0 ? null : bare;
}
