import fp from 'fastify-plugin';
import type { AppDeps } from '../deps.js';

/** Placeholder: authenticates nobody. Replaced by the real session/token plugin. */
export const authPlugin = fp(async (app, _opts: { deps: AppDeps }) => {
  app.decorateRequest('auth', null);
});
