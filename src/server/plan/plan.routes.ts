import type { App } from '../app.js';
import type { AppDeps } from '../deps.js';

/** Placeholder route module. */
export async function planRoutes(_app: App, _opts: { deps: AppDeps }): Promise<void> {}
