/** Builders and generators shared by the planner's tests (not used by the planner itself). */
import fc from 'fast-check';
import type { Catalogue, Estimate, System, SystemStatus } from '../../catalogue/types.js';

/** A catalogue from a few systems and teams, with the boilerplate filled in. */
export function catalogueOf(
  systems: Array<Partial<System> & { id: string }>,
  teams: Record<string, number> = {},
): Catalogue {
  return {
    version: 1,
    organisation: { name: 'Test', locale: 'en', timezone: 'Europe/Stockholm' },
    teams: Object.entries(teams).map(([id, capacity]) => ({ id, name: id, capacity })),
    units: [],
    systems: systems.map((s) => ({ name: s.id, kind: 'application', depends_on: [], ...s })),
  };
}

const STATUSES: Array<SystemStatus | undefined> = [
  undefined,
  undefined,
  undefined,
  'down',
  'unknown',
  'restoring',
  'verifying',
  'limited',
  'operational',
];

/** Random valid catalogues: DAGs over shuffled ids, teams with capacities, statuses and estimates. */
export function arbitraryCatalogue(maxSystems = 24): fc.Arbitrary<Catalogue> {
  return fc
    .record({
      n: fc.integer({ min: 1, max: maxSystems }),
      teams: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 3 }),
    })
    .chain(({ n, teams }) =>
      fc.record({
        teams: fc.constant(teams),
        ids: fc
          .uniqueArray(fc.integer({ min: 0, max: 999 }), { minLength: n, maxLength: n })
          .map((ks) => ks.map((k) => (k % 3 === 0 ? `s${k}` : `${k}x`))),
        systems: fc.array(
          fc.record({
            deps: fc.array(fc.nat(), { maxLength: 4 }),
            team: fc.integer({ min: -1, max: teams.length - 1 }),
            society: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
            organisation: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
            rto: fc.option(fc.constantFrom(2, 4, 24, 48, 72), { nil: undefined }),
            estimate: fc.option(
              fc
                .tuple(
                  fc.integer({ min: 0, max: 12 }),
                  fc.integer({ min: 0, max: 12 }),
                  fc.integer({ min: 0, max: 12 }),
                )
                .map(([a, b, c]): Estimate => {
                  const [low, likely, high] = [a, b, c].sort((x, y) => x - y);
                  return { low, likely, high };
                }),
              { nil: undefined },
            ),
            status: fc.constantFrom(...STATUSES),
            remaining: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
          }),
          { minLength: n, maxLength: n },
        ),
      }),
    )
    .map(({ teams, ids, systems }) =>
      catalogueOf(
        systems.map((s, i) => {
          const sys: Partial<System> & { id: string } = {
            id: ids[i],
            // Only earlier systems: a DAG by construction.
            depends_on: i === 0 ? [] : [...new Set(s.deps.map((d) => ids[d % i]))],
          };
          if (s.team >= 0) sys.team = `t${s.team}`;
          if (s.society !== undefined) sys.society = s.society;
          if (s.organisation !== undefined) sys.organisation = s.organisation;
          if (s.rto !== undefined) sys.rto_hours = s.rto;
          if (s.estimate !== undefined) sys.estimate_hours = s.estimate;
          if (s.status !== undefined) sys.status = s.status;
          if ((s.status === 'restoring' || s.status === 'verifying') && s.remaining !== undefined) {
            sys.remaining_hours = s.remaining;
          }
          return sys;
        }),
        Object.fromEntries(teams.map((c, k) => [`t${k}`, c])),
      ),
    );
}
