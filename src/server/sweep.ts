import type { App } from './app.js';

/**
 * Runs `task` every `everyMs` while the app is up (from ready to close), for housekeeping that deletes
 * what has outlived its use. A failed round is logged under `what` and the next round tries again;
 * the timer never keeps the process alive.
 */
export function sweepEvery(app: App, everyMs: number, what: string, task: () => Promise<unknown>): void {
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      task().catch((error: unknown) => app.log.error({ err: error }, `${what} failed`));
    }, everyMs);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}
