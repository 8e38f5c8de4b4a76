import { Migrator, NO_MIGRATIONS } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../../test/support/dialects.js';

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
          provider: {
            getMigrations: async () => ({
              '2026_11_29_0001_initial': await import('./migrations/2026_11_29_0001_initial.js'),
              '2026_12_02_0003_accounts': await import('./migrations/2026_12_02_0003_accounts.js'),
            }),
          },
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
