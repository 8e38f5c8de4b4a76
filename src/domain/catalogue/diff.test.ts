import { describe, expect, it } from 'vitest';
import { diffCatalogues } from './diff.js';
import type { Catalogue } from './types.js';

const before: Catalogue = {
  version: 1,
  organisation: { name: 'Exempelstad kommun', locale: 'sv', timezone: 'Europe/Stockholm' },
  teams: [
    { id: 'infra', name: 'Infra', capacity: 2 },
    { id: 'apps', name: 'Apps', capacity: 3 },
  ],
  units: [{ id: 'it', name: 'IT', kind: 'office', contacts: [] }],
  systems: [
    { id: 'net', name: 'Nät', kind: 'infrastructure', depends_on: [] },
    {
      id: 'ad',
      name: 'AD',
      kind: 'infrastructure',
      depends_on: ['net'],
      estimate_hours: { low: 1, likely: 2, high: 3 },
    },
    { id: 'old', name: 'Gammalt', kind: 'application', depends_on: [] },
  ],
};

describe('diffCatalogues', () => {
  it('finds nothing between a catalogue and itself (or a copy)', () => {
    expect(diffCatalogues(before, structuredClone(before))).toEqual({
      organisationChanged: false,
      added: { teams: [], units: [], systems: [] },
      changed: { teams: [], units: [], systems: [] },
      removed: { teams: [], units: [], systems: [] },
    });
  });

  it('lists what is added, changed (with the fields) and removed, by kind', () => {
    const after: Catalogue = {
      ...before,
      organisation: { ...before.organisation, name: 'Exempelstads kommun' },
      teams: [{ id: 'infra', name: 'Infra', capacity: 3 }],
      units: [
        { id: 'it', name: 'IT', kind: 'office', contacts: [{ name: 'Anna' }] },
        { id: 'soc', name: 'Soc', kind: 'office', contacts: [] },
      ],
      systems: [
        { id: 'net', name: 'Nät', kind: 'infrastructure', depends_on: [], status: 'restoring', owner: 'it' },
        {
          id: 'ad',
          name: 'AD',
          kind: 'infrastructure',
          depends_on: ['net'],
          estimate_hours: { low: 1, likely: 4, high: 6 },
        },
        { id: 'mail', name: 'E-post', kind: 'application', depends_on: ['ad'] },
      ],
    };
    expect(diffCatalogues(before, after)).toEqual({
      organisationChanged: true,
      added: { teams: [], units: ['soc'], systems: ['mail'] },
      changed: {
        teams: [{ id: 'infra', fields: ['capacity'] }],
        units: [{ id: 'it', fields: ['contacts'] }],
        systems: [
          { id: 'net', fields: ['owner', 'status'] },
          { id: 'ad', fields: ['estimate_hours'] },
        ],
      },
      removed: { teams: ['apps'], units: [], systems: ['old'] },
    });
  });

  it('names a field that was removed, and treats defaults as their values', () => {
    const after: Catalogue = {
      ...before,
      systems: [
        { id: 'net', name: 'Nät', kind: 'infrastructure', depends_on: [], status: 'down' },
        { id: 'ad', name: 'AD', kind: 'infrastructure', depends_on: [] },
        before.systems[2],
      ],
    };
    expect(diffCatalogues(before, after).changed.systems).toEqual([
      { id: 'ad', fields: ['depends_on', 'estimate_hours'] },
    ]);
  });

  it('a different order of records is not a change, a different order of dependencies is', () => {
    const reordered: Catalogue = { ...before, systems: [...before.systems].reverse() };
    const d = diffCatalogues(before, reordered);
    expect(d.changed.systems).toEqual([]);
    const swapped: Catalogue = {
      ...before,
      systems: [before.systems[0], { ...before.systems[1], depends_on: ['net', 'old'] }, before.systems[2]],
    };
    expect(diffCatalogues(before, swapped).changed.systems).toEqual([{ id: 'ad', fields: ['depends_on'] }]);
  });
});
