import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../../../test/support/dialects.js';
import { recordServedAddress, servedAddress } from '../../server/public-url.js';
import type { Db } from '../database.js';
import { readSetting, writeSetting } from './settings.repository.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: settings`, () => {
    let drop: (() => Promise<void>) | undefined;
    const open = async (): Promise<Db> => {
      const fresh = await freshDatabase(dialect);
      drop = fresh.drop;
      return fresh.db;
    };
    afterEach(async () => {
      await drop?.();
    });

    it('stores a JSON value under a key and replaces it', async () => {
      const db = await open();
      expect(await readSetting(db, 'k')).toBeUndefined();
      await writeSetting(db, 'k', { a: 1 });
      expect(await readSetting(db, 'k')).toEqual({ a: 1 });
      await writeSetting(db, 'k', ['b']);
      expect(await readSetting(db, 'k')).toEqual(['b']);
      expect(await db.selectFrom('settings').select('key').execute()).toHaveLength(1);
    });

    it('keeps where the last server to start answers, and ignores a value of the wrong shape', async () => {
      const db = await open();
      expect(await servedAddress(db)).toBeUndefined();
      await recordServedAddress(db, { publicUrl: 'http://127.0.0.1:3000', host: '127.0.0.1', port: 3000 });
      await recordServedAddress(db, { publicUrl: 'http://192.168.1.20:4000', host: '0.0.0.0', port: 4000 });
      expect(await servedAddress(db)).toEqual({ publicUrl: 'http://192.168.1.20:4000', host: '0.0.0.0', port: 4000 });
      await writeSetting(db, 'server.address', { publicUrl: 'javascript:alert(1)', host: 'x', port: 1 });
      expect(await servedAddress(db)).toBeUndefined();
    });
  });
}
