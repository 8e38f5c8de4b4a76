import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../../../test/support/dialects.js';
import type { Catalogue } from '../../domain/catalogue/types.js';
import type { Db } from '../database.js';
import {
  appendChanges,
  catalogueIsEmpty,
  deleteSystem,
  directDependents,
  getOrganisation,
  getSystem,
  insertSystem,
  insertUnit,
  listChanges,
  listSystems,
  loadCatalogue,
  replaceCatalogue,
  updateSystem,
  usersBoundToUnits,
} from './catalogue.repository.js';

const AT = '2026-11-29T08:00:00.000Z';
const FALLBACK = { name: 'Ingen', locale: 'sv' as const, timezone: 'Europe/Stockholm' };

const sample: Catalogue = {
  version: 1,
  organisation: { name: 'Provstad kommun', locale: 'sv', timezone: 'Europe/Stockholm' },
  teams: [
    { id: 'infra', name: 'Infra', capacity: 2 },
    { id: 'apps', name: 'Appar', capacity: 1 },
  ],
  units: [
    { id: 'it', name: 'IT', kind: 'office', contacts: [{ name: 'Åsa Ek', phone: '+46 70 000 00 00' }] },
    { id: 'bolag', name: 'Bolaget AB', kind: 'company', contacts: [] },
  ],
  systems: [
    {
      id: 'net',
      name: 'Nät',
      kind: 'infrastructure',
      owner: 'it',
      team: 'infra',
      depends_on: [],
      society: 5,
      organisation: 4,
      rto_hours: 4.5,
      estimate_hours: { low: 1, likely: 2.5, high: 8 },
      gates: [],
    },
    { id: 'ad', name: 'AD', kind: 'infrastructure', team: 'infra', depends_on: ['net'], status: 'restoring' },
    {
      id: 'mail',
      name: 'E-post',
      kind: 'application',
      public_name: 'E-post',
      depends_on: ['net', 'ad'],
      gates: ['patched', 'owner-signoff'],
      status: 'verifying',
      remaining_hours: 3,
    },
  ],
};

for (const dialect of DIALECTS) {
  describe(`${dialect}: catalogue repository`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    beforeEach(async () => {
      ({ db, drop } = await freshDatabase(dialect));
    });
    afterEach(async () => drop());

    it('stores a catalogue and loads it back unchanged, absent fields staying absent', async () => {
      expect(await catalogueIsEmpty(db)).toBe(true);
      expect(await getOrganisation(db)).toBeNull();
      await replaceCatalogue(db, sample, AT);
      expect(await catalogueIsEmpty(db)).toBe(false);
      const loaded = await loadCatalogue(db, FALLBACK);
      expect(loaded).toEqual(sample);
      // Field order is the file's, so exports are stable.
      expect(Object.keys(loaded.systems[0])).toEqual([
        'id',
        'name',
        'kind',
        'owner',
        'team',
        'depends_on',
        'society',
        'organisation',
        'rto_hours',
        'estimate_hours',
        'gates',
      ]);
      expect(loaded.systems[1]).not.toHaveProperty('estimate_hours');
      expect(loaded.systems[1]).not.toHaveProperty('gates');
    });

    if (dialect === 'postgres') {
      it('reads the catalogue as of one moment: a unit committed after its first query is not half seen', async () => {
        await replaceCatalogue(db, sample, AT);
        // After the first query of the read has its answer, another connection adds a unit and commits.
        let added = false;
        const interleaved = db.withPlugin({
          transformQuery: (args) => args.node,
          transformResult: async (args) => {
            if (!added) {
              added = true;
              await insertUnit(db, { id: 'late', name: 'Late', kind: 'office', contacts: [] });
            }
            return args.result;
          },
        });
        const loaded = await loadCatalogue(interleaved, FALLBACK);
        expect(added).toBe(true);
        expect(loaded).toEqual(sample);
        expect((await loadCatalogue(db, FALLBACK)).units.map((u) => u.id)).toContain('late');
      });
    }

    it('replaces the whole catalogue, removing what the new one lacks', async () => {
      await replaceCatalogue(db, sample, AT);
      const smaller: Catalogue = {
        ...sample,
        teams: [],
        units: [sample.units[1]],
        systems: [{ id: 'solo', name: 'Ensam', kind: 'platform', depends_on: [] }],
      };
      await replaceCatalogue(db, smaller, AT);
      expect(await loadCatalogue(db, FALLBACK)).toEqual(smaller);
    });

    it('keeps catalogue order and knows direct dependents', async () => {
      await replaceCatalogue(db, sample, AT);
      expect((await listSystems(db)).map((s) => s.id)).toEqual(['net', 'ad', 'mail']);
      expect(await directDependents(db, 'net')).toEqual(['ad', 'mail']);
      expect(await directDependents(db, 'mail')).toEqual([]);
    });

    it('inserts, updates and deletes single systems and units', async () => {
      await replaceCatalogue(db, sample, AT);
      await insertUnit(db, { id: 'ny', name: 'Ny', kind: 'partner', contacts: [] });
      await insertSystem(db, { id: 'web', name: 'Webb', kind: 'application', owner: 'ny', depends_on: ['mail'] }, AT);
      expect((await listSystems(db)).map((s) => s.id)).toEqual(['net', 'ad', 'mail', 'web']);
      await updateSystem(
        db,
        {
          id: 'ad',
          name: 'AD 2',
          kind: 'infrastructure',
          depends_on: [],
          estimate_hours: { low: 1, likely: 1, high: 1 },
        },
        AT,
      );
      expect(await getSystem(db, 'ad')).toEqual({
        id: 'ad',
        name: 'AD 2',
        kind: 'infrastructure',
        depends_on: [],
        estimate_hours: { low: 1, likely: 1, high: 1 },
      });
      expect(await directDependents(db, 'ad')).toEqual(['mail']);
      await deleteSystem(db, 'web');
      expect(await getSystem(db, 'web')).toBeNull();
      expect((await listSystems(db)).map((s) => s.id)).toEqual(['net', 'ad', 'mail']);
    });

    it('finds the users bound to units', async () => {
      await db
        .insertInto('users')
        .values({
          id: 'u1',
          email: 'r@x.se',
          name: 'R',
          role: 'reporter',
          unit_id: 'bolag',
          password_hash: null,
          totp_secret: null,
          totp_enabled: 0,
          locale: null,
          disabled: 0,
          failed_logins: 0,
          locked_until: null,
          created_at: AT,
          updated_at: AT,
        })
        .execute();
      expect(await usersBoundToUnits(db, ['bolag', 'it'])).toEqual([{ id: 'u1', email: 'r@x.se', unitId: 'bolag' }]);
      expect(await usersBoundToUnits(db, ['it'])).toEqual([]);
    });

    it('appends changes and lists them newest first, filtered', async () => {
      await appendChanges(db, [
        {
          id: 'c1',
          at: AT,
          actor: 'cli',
          actorUserId: null,
          source: 'import',
          entity: 'system',
          entityId: 'ad',
          action: 'add',
          before: null,
          after: { id: 'ad' },
        },
        {
          id: 'c2',
          at: '2026-11-29T09:00:00.000Z',
          actor: 'a@x.se',
          actorUserId: 'u1',
          source: 'edit',
          entity: 'system',
          entityId: 'ad',
          action: 'change',
          before: { id: 'ad' },
          after: { id: 'ad', name: 'x' },
        },
        {
          id: 'c3',
          at: AT,
          actor: 'cli',
          actorUserId: null,
          source: 'import',
          entity: 'unit',
          entityId: 'it',
          action: 'remove',
          before: { id: 'it' },
          after: null,
        },
      ]);
      const all = await listChanges(db);
      expect(all.map((c) => c.id)).toEqual(['c2', 'c3', 'c1']);
      expect(all[0]).toMatchObject({ actor: 'a@x.se', actorUserId: 'u1', before: { id: 'ad' }, after: { name: 'x' } });
      expect((await listChanges(db, { entity: 'system', entityId: 'ad' })).map((c) => c.id)).toEqual(['c2', 'c1']);
      expect((await listChanges(db, { limit: 1 })).map((c) => c.id)).toEqual(['c2']);
    });
  });
}
