import { describe, expect, it } from 'vitest';
import { layered } from './layered.js';

const box = (id: string, height = 40) => ({ id, width: 100, height });

describe('layered graph layout', () => {
  it('puts what is needed in a column left of what needs it', () => {
    const out = layered(
      [box('app'), box('db'), box('net')],
      [
        { source: 'net', target: 'db' },
        { source: 'db', target: 'app' },
        { source: 'net', target: 'app' },
      ],
    );
    const x = (id: string) => out.nodes.get(id)?.x ?? -1;
    expect(x('net')).toBeLessThan(x('db'));
    expect(x('db')).toBeLessThan(x('app'));
    // The long edge net -> app runs through db's column beside db, not through it.
    const long = out.edges.find((e) => e.id === 'net->app');
    expect(long?.points.length).toBe(4);
  });

  it('never overlaps two boxes of one column and keeps everything inside the drawing', () => {
    const nodes = Array.from({ length: 40 }, (_, i) => box(`s${i}`, 30 + (i % 3) * 15));
    const edges = nodes.slice(1).map((n, i) => ({ source: `s${Math.floor(i / 3)}`, target: n.id }));
    const out = layered(nodes, edges);
    const placed = nodes.map((n) => ({ ...n, ...(out.nodes.get(n.id) ?? { x: 0, y: 0 }) }));
    for (const a of placed)
      for (const b of placed)
        if (a !== b && a.x === b.x) expect(a.y + a.height <= b.y || b.y + b.height <= a.y).toBe(true);
    for (const p of placed) {
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y + p.height).toBeLessThanOrEqual(out.height + 1e-9);
      expect(p.x + p.width).toBeLessThanOrEqual(out.width + 1e-9);
    }
  });

  it('survives a cycle and ignores unknown ids', () => {
    const out = layered(
      [box('a'), box('b')],
      [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'a' },
        { source: 'x', target: 'a' },
      ],
    );
    expect(out.nodes.size).toBe(2);
  });

  it('lays out a thousand systems with 3,000 dependencies quickly', () => {
    let seed = 11;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const nodes = Array.from({ length: 1000 }, (_, i) => box(`s${i}`));
    const edges = nodes
      .slice(1)
      .flatMap((n, k) =>
        Array.from({ length: 3 }, () => ({ source: `s${Math.floor(rnd() * Math.min(k + 1, 200))}`, target: n.id })),
      );
    const started = performance.now();
    const out = layered(nodes, edges);
    expect(out.nodes.size).toBe(1000);
    // Generous for a busy machine; the browser bench records the real figure.
    expect(performance.now() - started).toBeLessThan(2500);
  });
});
