import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../../../test/support/dialects.js';
import { testClock, testIds } from '../../../test/support/server.js';
import { LifeboatError } from '../../domain/errors.js';
import { listChanges } from '../../store/catalogue/catalogue.repository.js';
import type { Db } from '../../store/database.js';
import {
  applyImport,
  CLI_ACTOR,
  exportCatalogue,
  getCatalogue,
  previewImport,
  updateSystem,
} from './catalogue.service.js';

const FILE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams: [ { id: infra, name: Infra, capacity: 1 } ]
units: [ { id: it, name: IT, kind: office } ]
systems:
  - { id: net, name: Nät, kind: infrastructure, team: infra }
  - { id: ad, name: AD, kind: infrastructure, depends_on: [net], status: down }
`;

async function caught(p: Promise<unknown>): Promise<LifeboatError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof LifeboatError) return error;
    throw error;
  }
  throw new Error('expected a LifeboatError');
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: catalogue service`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    const clock = testClock('2026-11-29T10:00:00.000Z');
    const deps = { clock, ids: testIds('chg') };
    beforeEach(async () => {
      ({ db, drop } = await freshDatabase(dialect));
    });
    afterEach(async () => drop());

    it('records the first import as additions by the CLI, the organisation included, at the clock time', async () => {
      const preview = await previewImport(db, 'f.yaml', FILE);
      expect(preview.summary).toBe('added 4, changed 0, removed 0');
      expect(await listChanges(db)).toEqual([]);
      const result = await applyImport(db, deps, CLI_ACTOR, 'f.yaml', FILE);
      expect(result.summary).toBe('added 4, changed 0, removed 0');
      const changes = await listChanges(db, { limit: 1000 });
      expect(changes).toHaveLength(5);
      for (const c of changes) {
        expect(c).toMatchObject({ actor: 'cli', actorUserId: null, source: 'import', action: 'add', before: null });
        expect(c.at).toBe('2026-11-29T10:00:00.000Z');
      }
      expect(changes.find((c) => c.entity === 'organisation')?.after).toMatchObject({ name: 'Provstad kommun' });
      // `status: down` is the default: stored and exported as absent, so a re-import changes nothing.
      expect(await exportCatalogue(db, 'yaml')).not.toContain('status');
      const again = await applyImport(db, deps, CLI_ACTOR, 'f.yaml', FILE);
      expect(again.summary).toBe('added 0, changed 0, removed 0');
      expect(await listChanges(db, { limit: 1000 })).toHaveLength(5);
    });

    it('counts a renamed organisation as a change', async () => {
      await applyImport(db, deps, CLI_ACTOR, 'f.yaml', FILE);
      const renamed = FILE.replace('Provstad kommun', 'Nystad kommun');
      expect((await applyImport(db, deps, CLI_ACTOR, 'f.yaml', renamed)).summary).toBe('added 0, changed 1, removed 0');
      const [org] = await listChanges(db, { entity: 'organisation' });
      expect(org).toMatchObject({
        action: 'change',
        before: { name: 'Provstad kommun' },
        after: { name: 'Nystad kommun' },
      });
      expect((await getCatalogue(db)).organisation.name).toBe('Nystad kommun');
    });

    it('names the edited field in a refused edit, and keeps status editors to status fields', async () => {
      await applyImport(db, deps, CLI_ACTOR, 'f.yaml', FILE);
      const actor = { userId: 'u1', label: 'a@x.se' };
      const cycle = await caught(updateSystem(db, deps, { role: 'staff' }, actor, 'net', { depends_on: ['ad'] }));
      expect(cycle.code).toBe('invalid_catalogue');
      expect(cycle.message).toMatch(/cycle: (net -> ad -> net|ad -> net -> ad)/);
      const team = await caught(updateSystem(db, deps, { role: 'admin' }, actor, 'ad', { team: 'apps' }));
      expect(team).toMatchObject({ code: 'invalid_catalogue', field: 'team' });
      const role = await caught(updateSystem(db, deps, { role: 'recovery' }, actor, 'ad', { public_name: 'AD' }));
      expect(role).toMatchObject({ code: 'forbidden', field: 'public_name' });
      const ok = await updateSystem(db, deps, { role: 'recovery' }, actor, 'ad', {
        estimate_hours: 3,
        status: 'restoring',
      });
      expect(ok).toMatchObject({ estimate_hours: { low: 3, likely: 3, high: 3 }, status: 'restoring' });
      // Setting `down` again stores the default: the field is absent once more.
      const down = await updateSystem(db, deps, { role: 'recovery' }, actor, 'ad', { status: 'down' });
      expect(down.status).toBeUndefined();
      const edits = await listChanges(db, { entity: 'system', entityId: 'ad' });
      expect(edits.slice(0, 2).map((c) => [c.source, c.actor, c.actorUserId])).toEqual([
        ['edit', 'a@x.se', 'u1'],
        ['edit', 'a@x.se', 'u1'],
      ]);
    });
  });
}
