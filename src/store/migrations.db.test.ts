import { Migrator, NO_MIGRATIONS } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../../test/support/dialects.js';
import { MIGRATIONS } from './database.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: migrations`, () => {
    it('migrate every table up, and down again to nothing', async () => {
      const { db, drop } = await freshDatabase(dialect);
      try {
        const tables = (await db.introspection.getTables()).map((t) => t.name).sort();
        expect(tables).toContain('systems');
        expect(tables).toContain('sessions');
        const migrator = new Migrator({
          db,
          provider: { getMigrations: async () => MIGRATIONS },
        });
        const { error } = await migrator.migrateTo(NO_MIGRATIONS);
        expect(error).toBeUndefined();
        const left = (await db.introspection.getTables()).map((t) => t.name);
        expect(left.filter((t) => !t.startsWith('kysely_'))).toEqual([]);
      } finally {
        await drop();
      }
    });
  });
}
