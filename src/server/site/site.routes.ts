/**
 * The public site's routes (DESIGN.md, "Public site"): anonymous, outside /api and /app, served from the
 * in-memory cache (site.cache.ts) with gzip or Brotli, strong ETags and 304, a short Cache-Control, and a
 * Content-Security-Policy that allows no script and exactly the one inline stylesheet.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '../../site/html.js';
import { STYLE } from '../../site/layout.js';
import type { App } from '../app.js';
import type { AppDeps } from '../deps.js';
import { type CachedFile, SiteCache, type SiteCacheOptions } from './site.cache.js';
import { SiteQuery, StatusJsonSchema } from './site.schemas.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The public site's cache (tests re-render it after moving the clock). */
    publicSite: SiteCache;
  }
}

const STYLE_HASH = createHash('sha256').update(escapeHtml(STYLE)).digest('base64');

/** No script at all; only the page's own stylesheet; nothing framed, posted or based elsewhere. */
export const SITE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Short, so that a change reaches readers within half a minute even through shared caches. */
const CACHE_CONTROL = 'public, max-age=30, must-revalidate';

function langOf(request: FastifyRequest): string | undefined {
  const lang = (request.query as { lang?: unknown } | undefined)?.lang;
  return typeof lang === 'string' ? lang : undefined;
}

/** Whether an Accept-Encoding header accepts a coding: named, and not refused with `q=0` (RFC 9110, 12.5.3). */
function accepts(header: string, coding: string): boolean {
  return header.split(',').some((part) => {
    const [name, ...params] = part.toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return name.trim() === coding && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/** Sends a cached file: 304 on a matching ETag, else the best encoding the client accepts. */
export function sendCached(request: FastifyRequest, reply: FastifyReply, file: CachedFile, status = 200) {
  const accept = String(request.headers['accept-encoding'] ?? '');
  const encoding = accepts(accept, 'br') ? 'br' : accepts(accept, 'gzip') ? 'gzip' : null;
  const tag = file.etag.slice(1, -1);
  const etag = encoding === 'br' ? `"${tag}-br"` : encoding === 'gzip' ? `"${tag}-gz"` : file.etag;
  reply
    .header('content-security-policy', SITE_CSP)
    .header('cache-control', CACHE_CONTROL)
    .header('vary', 'Accept-Encoding')
    .header('content-type', file.contentType);
  if (status === 200) {
    reply.header('etag', etag);
    const match = String(request.headers['if-none-match'] ?? '');
    const tags = match.split(',').map((s) => s.trim().replace(/^W\//, ''));
    if (tags.includes('*') || tags.some((t) => t === file.etag || t === `"${tag}-br"` || t === `"${tag}-gz"`))
      return reply.status(304).send();
  }
  if (encoding) reply.header('content-encoding', encoding);
  return reply.status(status).send(encoding === 'br' ? file.br : encoding === 'gzip' ? file.gzip : file.identity);
}

/** Registers the public pages and feeds; the cache starts with the app and stops with it. */
export async function siteRoutes(app: App, deps: AppDeps, options?: Partial<SiteCacheOptions>): Promise<void> {
  const cache = new SiteCache(deps, { refreshMs: 60_000, ...options });
  app.decorate('publicSite', cache);
  app.addHook('onReady', async () => cache.start());
  app.addHook('onClose', async () => cache.stop());

  const serve = async (request: FastifyRequest, reply: FastifyReply, path: string) => {
    const lang = langOf(request);
    const file = await cache.get(path, lang);
    if (file) return sendCached(request, reply, file);
    const missing = await cache.missing(lang);
    if (missing) return sendCached(request, reply, missing, 404);
    return reply.status(503).type('text/plain; charset=utf-8').send('The public site is not ready yet.');
  };

  const hidden = { schema: { hide: true } };
  for (const path of ['/', '/updates', '/accessibility', '/feed.atom', '/feed.json'])
    app.get(path, hidden, (request, reply) => serve(request, reply, path));
  app.get('/updates/', hidden, (_request, reply) => reply.redirect('/updates'));
  app.get('/updates/:slug', hidden, (request, reply) =>
    serve(request, reply, `/updates/${encodeURIComponent((request.params as { slug: string }).slug)}`),
  );
  app.get(
    '/status.json',
    {
      schema: {
        tags: ['public site'],
        summary: 'The public services’ status, the incident state and the latest update (anonymous)',
        security: [],
        querystring: SiteQuery,
        response: { 200: StatusJsonSchema },
      },
    },
    (request, reply) => serve(request, reply, '/status.json'),
  );
}
