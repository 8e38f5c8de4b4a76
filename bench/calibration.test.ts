import { describe, expect, it } from 'vitest';

// A smoke test of the calibration bench's code (the bench itself runs out of CI, by `npm run bench`):
// a few incidents through the same path, read from src/ rather than a built dist/.
process.env.CALIBRATION_SRC = '1';
const bench = await import('./calibration.mjs');

describe('the calibration bench', () => {
  it('scores learned and unlearned forecasts of a few simulated incidents in both realities', async () => {
    const results = await bench.calibrate({ incidents: 3, runs: 60, seed: 5 });
    expect(results.map((r) => r.reality)).toEqual(['median 1.5, sigma 0.2', 'median 2.0, sigma 0.3']);
    for (const r of results) {
      expect(r.systems).toBeGreaterThan(50);
      expect(r.finished_mean).toBeGreaterThan(0);
      for (const side of [r.learned, r.unlearned]) {
        expect(side.p50).toBeGreaterThanOrEqual(0);
        expect(side.p90).toBeGreaterThanOrEqual(side.p50);
        expect(side.p90).toBeLessThanOrEqual(1);
        expect(side.pinball50).toBeGreaterThan(0);
      }
      // Even three incidents show the unlearned forecast far too early in a reality twice as slow.
      if (r.reality.startsWith('median 2.0')) expect(r.learned.p50).toBeGreaterThan(r.unlearned.p50);
    }
  }, 120_000);

  it('checks the goals of issue 11', () => {
    const ok = { p50: 0.5, p90: 0.9, pinball50: 1, pinball90: 1 };
    const worse = { p50: 0.2, p90: 0.5, pinball50: 2, pinball90: 2 };
    expect(bench.meetsGoals({ learned: ok, unlearned: worse })).toBe(true);
    expect(bench.meetsGoals({ learned: { ...ok, p50: 0.44 }, unlearned: worse })).toBe(false);
    expect(bench.meetsGoals({ learned: { ...ok, p90: 0.95 }, unlearned: worse })).toBe(false);
    expect(bench.meetsGoals({ learned: ok, unlearned: { ...worse, pinball90: 0.5 } })).toBe(false);
  });
});
