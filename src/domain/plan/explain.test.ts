import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { whyBefore, whyNotYet } from './explain.js';
import { compileModel } from './model.js';
import { ownTuple } from './priority.js';
import { arbitraryCatalogue, catalogueOf } from './test-support/catalogues.js';
import { refusalOf as refusal } from './test-support/refusal.js';

// The explanations' rules on small catalogues; plan.test.ts shows them on Exempelstad.

// app needs db and auth; both need net; db also needs disk, which is back.
const diamond = catalogueOf([
  { id: 'net', status: 'restoring' },
  { id: 'disk', status: 'limited' },
  { id: 'db', depends_on: ['net', 'disk'] },
  { id: 'auth', depends_on: ['net'], status: 'verifying' },
  { id: 'app', depends_on: ['db', 'auth'] },
]);

describe('whyNotYet', () => {
  it('names the system it does not know', () => {
    expect(refusal(() => whyNotYet(diamond, 'nope'))).toStrictEqual({
      code: 'not_found',
      message: 'no system nope',
      field: 'id',
      key: 'err.plan.noSystem',
      params: { id: 'nope' },
    });
  });

  it('walks the unfinished dependencies nearest first, each once, down to the roots', () => {
    expect(whyNotYet(diamond, 'app')).toStrictEqual({
      id: 'app',
      status: 'down',
      finished: false,
      waiting_on: ['db', 'auth'],
      chain: [
        { id: 'db', status: 'down', waiting_on: ['net'] },
        { id: 'auth', status: 'verifying', waiting_on: ['net'] },
        { id: 'net', status: 'restoring', waiting_on: [] },
      ],
      roots: ['net'],
      gates_pending: [],
    });
  });

  it("reads the given statuses over the catalogue's", () => {
    const why = whyNotYet(diamond, 'app', { statuses: { net: 'operational', auth: 'down', disk: 'unknown' } });
    expect(why.chain).toStrictEqual([
      { id: 'db', status: 'down', waiting_on: ['disk'] },
      { id: 'auth', status: 'down', waiting_on: [] },
      { id: 'disk', status: 'unknown', waiting_on: [] },
    ]);
    expect(why.roots).toStrictEqual(['auth', 'disk']);
  });

  it.each(['limited', 'operational'] as const)(
    'says nothing holds a system that is %s, but lists its gates',
    (status) => {
      const gates = [
        { gate: 'patched', state: 'pending' },
        { gate: 'clean-rebuild', state: 'passed' },
        { gate: 'edr-active', state: 'waived' },
        { gate: 'pentest', state: 'failed' },
      ];
      expect(whyNotYet(diamond, 'app', { statuses: { app: status }, gates })).toStrictEqual({
        id: 'app',
        status,
        finished: true,
        waiting_on: [],
        chain: [],
        roots: [],
        gates_pending: ['patched', 'pentest'],
      });
    },
  );
});

// Priorities: care (5, 3, 24 h) needs db; library (2, 5) needs db too; web (2, 5, 8 h) and
// intranet (2, 5, 8 h) tie on everything but their ids; old has no priority at all.
const ranked = catalogueOf([
  { id: 'net' },
  { id: 'db', depends_on: ['net'], society: 1 },
  { id: 'care', depends_on: ['db'], society: 5, organisation: 3, rto_hours: 24 },
  { id: 'library', depends_on: ['net'], society: 2, organisation: 5 },
  { id: 'web', society: 2, organisation: 5, rto_hours: 8 },
  { id: 'intranet', society: 2, organisation: 5, rto_hours: 8 },
  { id: 'booking', society: 2, organisation: 4, rto_hours: 8 },
  { id: 'old' },
]);
const model = compileModel(ranked);

describe('whyBefore', () => {
  it('names the system it does not know, and the other it does not know', () => {
    expect(refusal(() => whyBefore(model, 'nope'))).toStrictEqual({
      code: 'not_found',
      message: 'no system nope',
      field: 'id',
      key: 'err.plan.noSystem',
      params: { id: 'nope' },
    });
    expect(refusal(() => whyBefore(model, 'db', 'nada'))).toStrictEqual({
      code: 'not_found',
      message: 'no system nada',
      field: 'other',
      key: 'err.plan.noSystem',
      params: { id: 'nada' },
    });
  });

  it('says whose priority a foundation carries, and the path up to it', () => {
    expect(whyBefore(model, 'net')).toStrictEqual({
      id: 'net',
      priority: [5, 3, -24],
      own_priority: [null, null, null],
      inherited_from: 'care',
      path: ['net', 'db', 'care'],
    });
    expect(whyBefore(model, 'care')).toStrictEqual({
      id: 'care',
      priority: [5, 3, -24],
      own_priority: [5, 3, -24],
      inherited_from: null,
      path: ['care'],
    });
  });

  it.each([
    ['db', 'library', 'db', 'society'],
    ['library', 'db', 'db', 'society'],
    ['library', 'booking', 'library', 'organisation'],
    ['booking', 'web', 'web', 'organisation'],
    ['web', 'library', 'web', 'rto_hours'],
    ['intranet', 'web', 'intranet', 'id'],
    ['web', 'intranet', 'intranet', 'id'],
    ['old', 'library', 'library', 'society'],
  ])('compares %s with %s: %s first, decided by %s', (id, other, first, decided_by) => {
    const why = whyBefore(model, id, other);
    expect(why.compared_with).toStrictEqual({
      id: other,
      priority: whyBefore(model, other).priority,
      first,
      decided_by,
    });
  });

  it('climbs from any system to the one whose priority it carries, each step a system that needs the one before', () => {
    fc.assert(
      fc.property(arbitraryCatalogue(16), (catalogue) => {
        const m = compileModel(catalogue);
        const byId = new Map(catalogue.systems.map((s) => [s.id, s]));
        for (const s of catalogue.systems) {
          const why = whyBefore(m, s.id);
          const top = why.inherited_from ?? s.id;
          expect(why.path[0]).toBe(s.id);
          expect(why.path.at(-1)).toBe(top);
          for (let k = 1; k < why.path.length; k++) {
            expect(byId.get(why.path[k])?.depends_on).toContain(why.path[k - 1]);
          }
          expect(why.priority).toStrictEqual(ownTuple(m, m.index.get(top) ?? -1));
        }
      }),
      { numRuns: 200 },
    );
  });
});
