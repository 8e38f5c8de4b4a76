/**
 * Imports that are safe in an incident (issue 7, point 2; issue 6, point 1): merge by default,
 * replace only when asked, live statuses kept, files decoded by the one decoder, and hostile
 * uploads refused quickly while the server keeps answering.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiClient, tokenClient } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures');
const EXEMPELSTAD = fs.readFileSync(path.join(FIXTURES, 'exempelstad.yaml'));

// Five rows: three stored systems (one renamed, one with a Swedish status name) and two new ones.
const PARTIAL = [
  'id;name;kind;owner;team;depends_on;status',
  'core-network;Kärnnät och brandväggar;infrastructure;it;infra;;I drift',
  'ad;Active Directory (katalogtjänst);infrastructure;it;infra;dns-dhcp|virtualisation;Återställs',
  'email;E-post och kalender;application;it;platform;ad|identity-sync|mfa;',
  'vaxel;Telefonväxel för åtkomst;application;it;platform;core-network;',
  'skolportal;Skolportalen för förskolor;application;it;apps;ad|vaxel;',
].join('\r\n');

// Windows-1252 bytes of a text (its Latin-1 part is enough for Swedish letters).
function cp1252(text: string): Buffer {
  const bytes = [...text].map((c) => {
    const code = c.codePointAt(0) ?? 0;
    if (code > 0xff) throw new Error(`not in the test's Windows-1252 subset: ${c}`);
    return code;
  });
  return Buffer.from(bytes);
}

interface Sent {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies freely; the server's schemas type them.
  body: Record<string, any>;
  ms: number;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: safe imports`, () => {
    let server: TestServer;
    let staff: ApiClient;
    let systemCount: number;

    // The file's bytes as the web UI sends them.
    const send = async (route: string, fileName: string, bytes: Buffer | string, query = ''): Promise<Sent> => {
      const started = performance.now();
      const res = await staff.raw(`${route}?file_name=${encodeURIComponent(fileName)}${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: typeof bytes === 'string' ? Buffer.from(bytes) : bytes,
      });
      return { ...res, ms: performance.now() - started };
    };
    const preview = (fileName: string, bytes: Buffer | string, query = '') =>
      send('/api/catalogue/import/preview', fileName, bytes, query);
    const apply = (fileName: string, bytes: Buffer | string, query = '') =>
      send('/api/catalogue/import', fileName, bytes, query);
    const system = async (id: string) => (await staff.get(`/api/systems/${id}`)).body.system;

    beforeAll(async () => {
      server = await startTestServer(dialect);
      staff = await tokenClient(server, 'staff');
    });
    afterAll(async () => server.close());

    beforeEach(async () => {
      const res = await apply('exempelstad.yaml', EXEMPELSTAD, '&replace=true&statuses=true');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      systemCount = (await staff.get('/api/systems')).body.systems.length;
      // Live state an import must not undo.
      const live = await staff.patch('/api/systems/ad', { status: 'verifying', remaining_hours: 2 });
      expect(live.status, JSON.stringify(live.body)).toBe(200);
    });

    it('merges a partial CSV: five systems change, nothing is removed, the preview names them', async () => {
      const shown = await preview('partial.csv', PARTIAL);
      expect(shown.status, JSON.stringify(shown.body)).toBe(200);
      const { diff } = shown.body;
      expect(shown.body.mode).toEqual({ replace: false, statuses: false });
      expect(diff.removed).toEqual({ teams: [], units: [], systems: [] });
      expect(diff.added.systems).toEqual(['vaxel', 'skolportal']);
      expect(diff.changed.systems.map((c: { id: string }) => c.id)).toEqual(['email']);
      expect(diff.changed.systems[0].changes).toEqual([
        { field: 'name', before: 'E-post', after: 'E-post och kalender' },
      ]);
      expect(diff.names.systems).toMatchObject({ vaxel: 'Telefonväxel för åtkomst', email: 'E-post och kalender' });
      expect(shown.body.summary).toBe('added 2, changed 1, removed 0');

      const done = await apply('partial.csv', PARTIAL);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      expect(done.body.diff).toEqual(diff);
      expect((await staff.get('/api/systems')).body.systems.length).toBe(systemCount + 2);
      expect((await system('email')).name).toBe('E-post och kalender');
      // Fields the CSV has no column for are kept.
      expect((await system('email')).rto_hours).toBe(48);
    });

    it('keeps the live statuses in a merge, and takes them from the file (Swedish names too) when asked', async () => {
      expect((await apply('partial.csv', PARTIAL)).status).toBe(200);
      expect(await system('ad')).toMatchObject({ status: 'verifying', remaining_hours: 2 });
      expect((await system('core-network')).status ?? 'down').toBe('down');

      const taken = await apply('partial.csv', PARTIAL, '&statuses=true');
      expect(taken.status, JSON.stringify(taken.body)).toBe(200);
      expect(taken.body.mode).toEqual({ replace: false, statuses: true });
      const ad = await system('ad');
      expect(ad.status).toBe('restoring');
      expect(ad.remaining_hours).toBeUndefined();
      expect((await system('core-network')).status).toBe('operational');
    });

    it('replaces only when asked, and the preview lists what disappears by id and name', async () => {
      const two =
        'id;name;kind;team;depends_on\ncore-network;Kärnnät;infrastructure;infra;\nvaxel;Växel;application;;core-network\n';
      const shown = await preview('two.csv', two, '&replace=true');
      expect(shown.status, JSON.stringify(shown.body)).toBe(200);
      expect(shown.body.mode).toEqual({ replace: true, statuses: false });
      const removed: string[] = shown.body.diff.removed.systems;
      expect(removed.length).toBe(systemCount - 1);
      expect(removed).toContain('payroll');
      expect(shown.body.diff.names.systems.payroll).toBe('Lön och personalsystem');
      expect((await staff.get('/api/systems')).body.systems.length).toBe(systemCount);

      // A replace whose rows need systems it would remove is refused, and changes nothing.
      const refused = await apply('partial.csv', PARTIAL, '&replace=true');
      expect(refused.status).toBe(422);
      expect(refused.body.error.message).toMatch(/^partial\.csv:\d+: systems\[\d\] \(\w[\w-]*\)\.depends_on/);
      expect((await staff.get('/api/systems')).body.systems.length).toBe(systemCount);

      const replaced = await apply('two.csv', two, '&replace=true');
      expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
      const ids = (await staff.get('/api/systems')).body.systems.map((s: { id: string }) => s.id);
      expect(ids).toEqual(['core-network', 'vaxel']);
    });

    it('reads a Windows-1252 CSV (Swedish Excel) with å, ä and ö intact, and says so', async () => {
      const text = fs
        .readFileSync(path.join(FIXTURES, 'sv-spreadsheet.csv'), 'utf8')
        .replace(/^\uFEFF/, '')
        .replace('Kärnnät och brandväggar', 'Kärnnät, brandväggar och åtkomstskydd för öppna nät');
      const bytes = cp1252(text);
      expect(bytes.includes(0xe5) && bytes.includes(0xe4) && bytes.includes(0xf6)).toBe(true);
      const shown = await preview('sv-excel.csv', bytes);
      expect(shown.status, JSON.stringify(shown.body)).toBe(200);
      expect(shown.body.encoding).toBe('windows-1252');
      expect(shown.body.warnings.join('\n')).toMatch(
        /^sv-excel\.csv: the file is not UTF-8: it was read as Windows-1252/,
      );
      expect(shown.body.diff.changed.systems[0].changes[0].after).toBe(
        'Kärnnät, brandväggar och åtkomstskydd för öppna nät',
      );
      expect((await apply('sv-excel.csv', bytes)).status).toBe(200);
      const stored = (await system('core-network')).name;
      expect(stored).toBe('Kärnnät, brandväggar och åtkomstskydd för öppna nät');
      expect(stored).not.toContain('\uFFFD');

      // Neither UTF-8 nor Windows-1252: refused, naming the encoding, nothing stored.
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id;name\r\nad;Åtkomst\r\n', 'utf16le')]);
      const bad = await apply('utf16.csv', utf16);
      expect(bad.status).toBe(422);
      expect(bad.body.error.message).toMatch(/UTF-16/);
      expect(bad.body.error.details.encoding).toBe('UTF-16');
      // Text sent as JSON that already lost its letters is refused too.
      const lost = await staff.raw('/api/catalogue/import', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ file_name: 'x.csv', content: 'id;name\nad;K\uFFFDrnn\uFFFDt\n' }),
      });
      expect(lost.status).toBe(422);
      expect(lost.body.error.message).toMatch(/U\+FFFD/);
      expect((await system('ad')).name).toBe('Active Directory; katalogtjänst');
    });

    it('refuses a deep JSON, a deep YAML (also one behind a quote in a block scalar), an alias bomb and an oversized body quickly, while the server answers', async () => {
      const levels = 2_000_000;
      const deepJson = `${'['.repeat(levels)}${']'.repeat(levels)}`;
      const deepYaml = `${'- '.repeat(levels)}x\n`;
      const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 12; i++)
        lines.push(
          `a${i}: &a${i} [${Array(10)
            .fill(`*a${i - 1}`)
            .join(', ')}]`,
        );
      const bomb = `${lines.join('\n')}\n`;
      const hostile: [string, string | Buffer, number, RegExp][] = [
        ['deep.json', deepJson, 422, /deeper than 32 levels/],
        ['deep.yaml', deepYaml, 422, /indented deeper/],
        // A quote the old scan took for the start of a scalar hid the rest of the file from it.
        [
          'hidden.yaml',
          `x: |\n  '\ny: ${'['.repeat(levels)}${']'.repeat(levels)}\n`,
          422,
          /line 3: .*deeper than 32 levels/,
        ],
        ['bomb.yaml', bomb, 422, /alias/i],
        ['big.yaml', Buffer.alloc(8 * 1024 * 1024 + 1, 0x20), 413, /./],
      ];
      for (const [name, body, status, message] of hostile) {
        // Another request is sent while the hostile one is on its way, and must not wait for it.
        const bad = preview(name, body);
        const started = performance.now();
        const health = await fetch(`${server.url}/healthz`);
        const healthMs = performance.now() - started;
        const res = await bad;
        expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(status);
        expect(res.body.error.message, name).toMatch(message);
        expect(health.status).toBe(200);
        expect(healthMs, `${name}: /healthz waited`).toBeLessThan(1000);
        expect(res.ms, `${name}: took`).toBeLessThan(3000);
      }
      // The parse worker survived (or was replaced): an ordinary import still works.
      expect((await preview('partial.csv', PARTIAL)).status).toBe(200);
    });
  });
}
