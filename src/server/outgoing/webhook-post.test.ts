import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttp } from '../../../test/support/peers.js';
import { webhookAddressGuard } from './webhook-address.js';
import { postWebhook, WebhookAddressRefused } from './webhook-post.js';

const request = { headers: { 'content-type': 'application/json', 'x-test': 'yes' }, body: '{"a":1}', timeoutMs: 5000 };

describe('postWebhook', () => {
  let receiver: Awaited<ReturnType<typeof startHttp>>;
  let port: string;
  beforeAll(async () => {
    receiver = await startHttp((r) => (r.url === '/moved' ? 302 : 201));
    port = new URL(receiver.url).port;
  });
  afterAll(async () => receiver.close());

  it('refuses an IP address on this machine before connecting, and a name that resolves to one when connecting', async () => {
    const guard = webhookAddressGuard();
    const before = receiver.received.length;
    for (const url of [`http://127.0.0.1:${port}/hook`, `http://localhost:${port}/hook`, `http://[::1]:${port}/hook`])
      await expect(postWebhook(new URL(url), request, guard), url).rejects.toBeInstanceOf(WebhookAddressRefused);
    expect(receiver.received.length).toBe(before);
  });

  it('posts where the operator allows it, and answers with the status', async () => {
    // localhost may resolve to 127.0.0.1 and ::1: both are allowed, since every address must be.
    const guard = webhookAddressGuard(['127.0.0.1/32', '::1']);
    expect(await postWebhook(new URL(`http://localhost:${port}/hook`), request, guard)).toBe(201);
    expect(receiver.received.at(-1)).toMatchObject({ method: 'POST', url: '/hook', body: '{"a":1}' });
    expect(receiver.received.at(-1)?.headers).toMatchObject({ 'x-test': 'yes', 'content-length': '7' });
    expect(await postWebhook(new URL(`http://127.0.0.1:${port}/hook`), request, guard)).toBe(201);
  });

  it('refuses a name when one of its addresses is not allowed', async () => {
    // localhost resolves to 127.0.0.1 (and on most machines ::1): with only ::1 allowed, 127.0.0.1 is refused.
    const guard = webhookAddressGuard(['::1']);
    await expect(postWebhook(new URL(`http://localhost:${port}/hook`), request, guard)).rejects.toBeInstanceOf(
      WebhookAddressRefused,
    );
  });

  it('does not follow a redirect: the 3xx is the answer', async () => {
    const guard = webhookAddressGuard(['127.0.0.1/32']);
    expect(await postWebhook(new URL(`http://127.0.0.1:${port}/moved`), request, guard)).toBe(302);
  });

  it('gives up after its timeout when the receiver never answers', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = new URL(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`);
      const started = Date.now();
      await expect(
        postWebhook(url, { ...request, timeoutMs: 200 }, webhookAddressGuard(['127.0.0.1'])),
      ).rejects.toMatchObject({ name: expect.stringMatching(/Abort|Timeout/) });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
