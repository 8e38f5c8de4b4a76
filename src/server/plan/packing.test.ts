import { describe, expect, it } from 'vitest';
import { hashPacked, pack, packSync, unpack, unpackSync } from './packing.js';

// Long arrays (more than one slice, and not a whole number of them) at several depths, beside short ones.
const value = {
  systems: Array.from({ length: 601 }, (_, i) => ({ id: `s${i}`, hours: i / 4, tags: ['a', 'b'] })),
  nested: { runs: Array.from({ length: 251 }, (_, i) => i), few: [1, 2, 3] },
  name: 'Provstad',
  none: null,
};

describe('packing', () => {
  it('slices long arrays and gives back the same value, with or without giving way', async () => {
    const packed = await pack(value);
    expect(packed).toEqual(packSync(value));
    expect((packed as { systems: { __lifeboat_slices__: string[] } }).systems.__lifeboat_slices__).toHaveLength(3);
    expect(await unpack(packed)).toEqual(value);
    expect(unpackSync(packed)).toEqual(value);
  });

  it('hashes the same content the same, and a change in one slice differently', async () => {
    const changed = structuredClone(value);
    changed.systems[600].hours = 0;
    expect(hashPacked(await pack(structuredClone(value)))).toBe(hashPacked(packSync(value)));
    expect(hashPacked(packSync(changed))).not.toBe(hashPacked(packSync(value)));
  });
});
