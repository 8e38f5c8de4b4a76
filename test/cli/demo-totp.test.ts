import { describe, expect, it } from 'vitest';
import { demoRelaxesTotp } from '../../src/cli/serve.js';

describe('--demo and the second factor', () => {
  it('is relaxed only on the demo’s own database', () => {
    expect(demoRelaxesTotp({ demo: true }, {})).toBe(true);
    expect(demoRelaxesTotp({ demo: true, data: './data' }, {})).toBe(false);
    expect(demoRelaxesTotp({ demo: true }, { LIFEBOAT_DATA: '/srv/lifeboat' })).toBe(false);
    expect(demoRelaxesTotp({ demo: true }, { DATABASE_URL: 'postgres://x@db/lifeboat' })).toBe(false);
    expect(demoRelaxesTotp({ demo: true }, { LIFEBOAT_TOTP_REQUIRED: 'admin' })).toBe(false);
    expect(demoRelaxesTotp({}, {})).toBe(false);
  });
});
