/**
 * One webhook call, made with Node's own http and https clients rather than fetch, because only they
 * let the address be checked where it is used: the lookup below sees every address a name resolves
 * to, and the connection goes to those it approved, so DNS cannot answer one address to a check and
 * another to the connection.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { literalAddress, NOT_PUBLIC_MESSAGE, type WebhookAddressGuard } from './webhook-address.js';

/** A refusal of the address itself: no other attempt can cure it (channels.ts makes it permanent). */
export class WebhookAddressRefused extends Error {}

/** What one call sends. */
export interface WebhookRequest {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** POSTs `request` to `url` if the guard allows every address it goes to; resolves with the answer's status. */
export function postWebhook(url: URL, request: WebhookRequest, guard: WebhookAddressGuard): Promise<number> {
  const literal = literalAddress(url.hostname);
  // An IP address in the URL is connected to without any lookup: it is checked here instead.
  if (literal !== null && !guard.allows(literal)) return Promise.reject(new WebhookAddressRefused(NOT_PUBLIC_MESSAGE));
  const lookup: LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      if (addresses.length === 0 || addresses.some((a) => !guard.allows(a.address)))
        return callback(new WebhookAddressRefused(NOT_PUBLIC_MESSAGE), '', 0);
      if (options.all) return callback(null, addresses);
      const [first] = addresses as [dns.LookupAddress];
      return callback(null, first.address, first.family);
    });
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        lookup,
        // A connection of its own each time: a pooled one would skip the lookup, and with it the check,
        // for a guard that might differ (tests) — and a partner gets a call per notice, not a stream.
        agent: false,
        signal: AbortSignal.timeout(request.timeoutMs),
      },
      (res) => {
        // The answer's body is not read: only its status counts, and a receiver's text stays out of the logs.
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}
