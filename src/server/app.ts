import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { auditRoutes } from './audit/audit.routes.js';
import { refusalAudit } from './audit/refusals.js';
import { authPlugin } from './auth/auth.plugin.js';
import { authRoutes } from './auth/auth.routes.js';
import { catalogueRoutes } from './catalogue/catalogue.routes.js';
import { secureCookies } from './config.js';
import { decisionRoutes } from './decisions/decisions.routes.js';
import type { AppDeps } from './deps.js';
import { ErrorSchema, frameworkErrors, installErrorHandler } from './errors.js';
import { eventLogRoutes } from './eventlog/eventlog.routes.js';
import { gateRoutes } from './gates/gates.routes.js';
import { incidentRoutes } from './incident/incident.routes.js';
import { installJsonParser, timeoutOptions } from './limits.js';
import { liveRoutes } from './live/events.routes.js';
import { createLiveHub } from './live/hub.js';
import { noticeRoutes } from './notices/notices.routes.js';
import { healthRoutes } from './ops/health.js';
import { installRequestLog } from './ops/logging.js';
import { installMetrics, metricsRoute } from './ops/metrics.js';
import { outgoingRoutes } from './outgoing/outgoing.routes.js';
import { createOutgoingWorker } from './outgoing/worker.js';
import { planRoutes } from './plan/plan.routes.js';
import { PlanCache } from './plan/plan.service.js';
import { createPlanner } from './plan/planner.js';
import { installBearerThrottle, installRateLimit, rateStoreOf } from './rate-limit.js';
import { siteRoutes } from './site/site.routes.js';
import { coverageRoutes } from './situation/coverage.routes.js';
import { needRoutes } from './situation/needs.routes.js';
import { pictureRoutes } from './situation/picture.routes.js';
import { installReminderTimer } from './situation/reminders.js';
import { reportRoutes } from './situation/reports.routes.js';
import { rhythmRoutes } from './situation/rhythm.routes.js';
import { subscriptionRoutes } from './subscriptions/subscriptions.routes.js';
import { taskRoutes } from './tasks/tasks.routes.js';
import { userRoutes } from './users/users.routes.js';

/** The Fastify instance with TypeBox types: what every route module receives. */
export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Builds the whole app from its dependencies. It never listens: the entry point does. */
export async function buildApp(given: AppDeps): Promise<App> {
  // The live hub: every unit of work pokes it after commit (src/server/live/hub.ts).
  const live = given.live ?? createLiveHub(given.db, given.clock, given.liveOptions);
  // The planner's threads (planner.ts) belong to the app when it makes the cache, and end with it.
  const ownPlanner = given.plans ? undefined : createPlanner(given.config.plannerThreads);
  const deps = { ...given, live, plans: given.plans ?? new PlanCache(ownPlanner) };
  const { http: serverTimeouts, ...timeouts } = timeoutOptions(deps.config.timeouts);
  const { trustProxy } = deps.config;
  const app = Fastify({
    logger: (deps.logger ?? false) as boolean,
    // https.createServer takes the http server's options beside the certificate.
    ...(deps.https ? { https: { ...deps.https, ...serverTimeouts } } : { http: serverTimeouts }),
    ...timeouts,
    // The proxies' addresses, or a hop count (config.ts); 0 believes no X-Forwarded-For at all.
    // Fastify refuses a bare number (it cannot check the peer), so a count is a function: hop 0 is
    // the peer itself, and the first `trustProxy` hops are the proxies in front.
    trustProxy:
      typeof trustProxy === 'number'
        ? trustProxy > 0 && ((_address: string, hop: number) => hop < trustProxy)
        : trustProxy,
    // Fastify's own request lines carry the raw URL (tokens in query strings): ours (ops/logging.ts) do not.
    logController: new LogController({ disableRequestLogging: true }),
    // Small by default: a route that takes an upload sets its own `bodyLimit`.
    bodyLimit: deps.config.bodyLimit,
    // allowUnionTypes: `public_help` is a text or a map (`type: ['string', 'object']`); strict mode would warn at start.
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false, allowUnionTypes: true } },
    frameworkErrors,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  if (ownPlanner) app.addHook('onClose', async () => ownPlanner.close());
  installErrorHandler(app);
  // First of the onResponse hooks: every answered request counts, whatever a later hook does.
  const streams = { open: 0 };
  const metrics = installMetrics(app, { deps, plans: deps.plans, streams });
  if (deps.logRequests) installRequestLog(app);
  installJsonParser(app, deps.config.jsonDepth);

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: secureCookies(deps.config) ? { maxAge: 31536000 } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);

  // The one error shape, a component of the OpenAPI document that every operation's 4XX refers to.
  app.addSchema(ErrorSchema);
  await app.register(swagger, {
    // Shared schemas keep their $id as their component name (`#/components/schemas/Error`).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    openapi: {
      // The schemas are JSON Schema 2020-12 as TypeBox writes it (numeric exclusiveMinimum, const):
      // that is OpenAPI 3.1, so the document says so.
      openapi: '3.1.0',
      info: { title: 'Lifeboat API', version: '1', description: 'The HTTP API of the Lifeboat command post.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'lifeboat_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    // Each operation that takes a body states its size limit, so that clients (and the robustness
    // test) need not guess which routes take uploads.
    // Every operation documents the one error shape for its 4xx answers (the route's own schema,
    // which Fastify serialises with, stays without it: the error handler writes errors).
    transform: ({ schema, url, route }) => {
      if (!schema || schema.hide) return { schema, url };
      const response = { ...(schema.response as object), '4xx': { $ref: 'Error#' } };
      const takesBody = ['POST', 'PUT', 'PATCH', 'DELETE'].some((m) => [route.method].flat().includes(m));
      if (!takesBody) return { schema: { ...schema, response }, url };
      return { schema: { ...schema, response, 'x-body-limit': route.bodyLimit ?? deps.config.bodyLimit }, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  const rateStore = rateStoreOf(deps);
  installBearerThrottle(app, deps, rateStore);
  await app.register(refusalAudit, { deps });
  await app.register(authPlugin, { deps });
  // After the auth plugin's onRequest hook (it keys by session or token), before every route's guard.
  await installRateLimit(app, deps, rateStore);
  await app.register(authRoutes, { deps });
  await app.register(userRoutes, { deps });
  await app.register(auditRoutes, { deps });
  await app.register(catalogueRoutes, { deps });
  await app.register(planRoutes, { deps });
  await app.register(gateRoutes, { deps });
  await app.register(taskRoutes, { deps });
  await app.register(needRoutes, { deps });
  await app.register(decisionRoutes, { deps });
  await app.register(eventLogRoutes, { deps });
  await app.register(liveRoutes, { deps, streams });
  await app.register(noticeRoutes, { deps });
  if (!given.live) {
    app.addHook('onReady', async () => live.start());
    app.addHook('onClose', async () => live.stop());
  }
  await app.register(incidentRoutes, { deps });
  await app.register(pictureRoutes, { deps });
  await app.register(reportRoutes, { deps });
  await app.register(rhythmRoutes, { deps });
  await app.register(coverageRoutes, { deps });
  if (deps.reminderEveryMs) installReminderTimer(app, deps, deps.reminderEveryMs);
  await app.register(subscriptionRoutes, { deps });
  // The outgoing queue's worker: started when the app is ready, woken by queued messages (worker.ts).
  const outgoing = createOutgoingWorker(deps, { log: app.log, ...given.outgoing });
  await app.register(outgoingRoutes, { deps, worker: outgoing });
  app.addHook('onReady', async () => outgoing.start());
  app.addHook('onClose', async () => outgoing.stop());

  healthRoutes(app, deps.db);
  metricsRoute(app, metrics, deps.config.metricsToken);
  // The public site: `/`, `/updates`, the feeds (src/server/site); the staff UI stays under /app/.
  await siteRoutes(app, deps);
  registerWeb(app, deps.webRoot);
  return app;
}

// The staff UI is a single-page app under /app/: files that exist are served,
// every other path under it gets index.html so that deep links work. The build writes a Brotli and a
// gzip copy beside each text asset (scripts/compress-web.mjs), sent as they are: nothing is compressed
// per request, so no API answer or event stream is ever buffered by a compressor.
function registerWeb(app: App, webRoot: string | undefined): void {
  const index = webRoot ? path.join(webRoot, 'index.html') : undefined;
  const hasUi = index !== undefined && fs.existsSync(index);
  if (!hasUi || !webRoot) {
    app.get('/app/*', { schema: { hide: true } }, async (_request, reply) =>
      reply.status(503).type('text/plain; charset=utf-8').send('The staff UI is not built: run `npm run build`.'),
    );
    return;
  }
  app.register(fastifyStatic, {
    root: webRoot,
    prefix: '/app/',
    index: false,
    wildcard: false,
    decorateReply: true,
    preCompressed: true,
    // The compressed copies are reached through Accept-Encoding, not by their own names.
    globIgnore: ['**/*.br', '**/*.gz'],
    cacheControl: false,
    setHeaders: (reply, file) => {
      reply.header('cache-control', webCacheControl(webRoot, file));
    },
  });
  const html = fs.readFileSync(index, 'utf8');
  const sendIndex = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) =>
    // A missing script is a 404, not the page: a browser would otherwise try to run HTML.
    request.url.startsWith('/app/assets/')
      ? reply.callNotFound()
      : reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  app.get('/app', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/app/'));
  app.get('/app/', { schema: { hide: true } }, sendIndex);
  app.get('/app/*', { schema: { hide: true } }, sendIndex);
}

// Vite names everything under assets/ by a hash of its content: a changed file has a new name, so a
// browser may keep these for a year without asking. Everything else (the favicon) is asked about again.
function webCacheControl(webRoot: string, file: string): string {
  const relative = path.relative(webRoot, file).split(path.sep);
  return relative[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'no-cache';
}
