import { describe, expect, it } from 'vitest';
import { type CatalogueDiff, type ChangedRecord, diffCatalogues } from './diff.js';
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

function idsAndFields(changed: CatalogueDiff['changed']) {
  const strip = (list: ChangedRecord[]) => list.map(({ id, fields }) => ({ id, fields }));
  return { teams: strip(changed.teams), units: strip(changed.units), systems: strip(changed.systems) };
}

describe('diffCatalogues', () => {
  it('finds nothing between a catalogue and itself (or a copy)', () => {
    expect(diffCatalogues(before, structuredClone(before))).toEqual({
      organisation_changed: false,
      added: { teams: [], units: [], systems: [] },
      changed: { teams: [], units: [], systems: [] },
      removed: { teams: [], units: [], systems: [] },
      names: { teams: {}, units: {}, systems: {} },
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
    const d = diffCatalogues(before, after);
    expect({ ...d, changed: idsAndFields(d.changed), names: undefined }).toEqual({
      names: undefined,
      organisation_changed: true,
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
    // Names for people, and old and new values in file form.
    expect(d.names.systems).toEqual({ net: 'Nät', ad: 'AD', mail: 'E-post', old: 'Gammalt' });
    expect(d.names.teams).toEqual({ infra: 'Infra', apps: 'Apps' });
    expect(d.changed.systems[0].changes).toEqual([
      { field: 'owner', before: undefined, after: 'it' },
      { field: 'status', before: undefined, after: 'restoring' },
    ]);
    expect(d.changed.systems[1].changes).toEqual([
      { field: 'estimate_hours', before: { low: 1, likely: 2, high: 3 }, after: { low: 1, likely: 4, high: 6 } },
    ]);
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
    expect(idsAndFields(diffCatalogues(before, after).changed).systems).toEqual([
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
    expect(idsAndFields(diffCatalogues(before, swapped).changed).systems).toEqual([
      { id: 'ad', fields: ['depends_on'] },
    ]);
  });
});
