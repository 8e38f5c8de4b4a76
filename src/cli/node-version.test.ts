import { describe, expect, it } from 'vitest';
import { nodeSupported } from './node-version.js';

describe('nodeSupported', () => {
  it('accepts the lines where require() of an ES module needs no flag, and refuses the rest', () => {
    for (const v of ['v20.19.0', '20.20.2', 'v22.12.0', 'v22.20.1', 'v23.0.0', 'v24.11.1'])
      expect(nodeSupported(v), v).toBe(true);
    for (const v of ['v18.20.4', 'v20.18.3', 'v21.7.3', 'v22.11.0', 'v22.0.0']) expect(nodeSupported(v), v).toBe(false);
  });

  it('accepts the Node.js running these tests (the CI runs on a supported one)', () => {
    expect(nodeSupported(process.version)).toBe(true);
  });
});
