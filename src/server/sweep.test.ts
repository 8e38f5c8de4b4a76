import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { App } from './app.js';
import { sweepEvery } from './sweep.js';

describe('sweepEvery', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs its task every interval from ready to close, and a failed round does not stop the next', async () => {
    vi.useFakeTimers();
    const app = Fastify() as unknown as App;
    const errors: string[] = [];
    // Only the message matters here; pino's overloads do not admit so small a function without a cast.
    app.log.error = ((_obj: unknown, message: string) => {
      errors.push(message);
    }) as unknown as typeof app.log.error;
    let rounds = 0;
    sweepEvery(app, 1000, 'deleting old things', async () => {
      rounds++;
      if (rounds === 2) throw new Error('disk full');
    });
    await vi.advanceTimersByTimeAsync(5000);
    expect(rounds).toBe(0);
    await app.ready();
    await vi.advanceTimersByTimeAsync(3000);
    expect(rounds).toBe(3);
    expect(errors).toEqual(['deleting old things failed']);
    await app.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect(rounds).toBe(3);
  });
});
