import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.js';
import { sv } from '../../i18n/sv.js';
import { CSV_STATUS_NAMES, csvStatus } from './csv.js';
import { MERGE } from './merge.js';
import { parseImportText } from './parse.js';
import { type Catalogue, SYSTEM_STATUSES } from './types.js';

const base: Catalogue = {
  version: 1,
  organisation: { name: 'Exempelstad kommun', locale: 'sv', timezone: 'Europe/Stockholm' },
  teams: [{ id: 'infra', name: 'Infra', capacity: 2 }],
  units: [{ id: 'it', name: 'IT', kind: 'office', contacts: [] }],
  systems: [
    { id: 'net', name: 'Nät', kind: 'infrastructure', depends_on: [], status: 'operational' },
    { id: 'ad', name: 'AD', kind: 'infrastructure', depends_on: ['net'], status: 'restoring', remaining_hours: 3 },
    { id: 'mail', name: 'E-post', kind: 'application', depends_on: ['ad'] },
  ],
};

const ids = (c: Catalogue) => c.systems.map((s) => s.id);

describe('parseImportText', () => {
  it('merges: a CSV of two systems updates one, adds one (that needs a stored system) and removes nothing', () => {
    const csv =
      'id;name;kind;depends_on;status\nad;Active Directory;infrastructure;net;down\nwebb;Webb;application;ad|mail;\n';
    const r = parseImportText(csv, 'x.csv', base, MERGE);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(ids(r.catalogue)).toEqual(['ad', 'webb', 'net', 'mail']);
    // The live status of ad is kept; the name comes from the file.
    expect(r.catalogue.systems[0]).toMatchObject({ name: 'Active Directory', status: 'restoring', remaining_hours: 3 });
    expect(r.catalogue.systems[2].status).toBe('operational');
  });

  it('a CSV merge changes only the columns the file has: the rest of a stored system stays', () => {
    const withMore: Catalogue = {
      ...base,
      systems: [
        base.systems[0],
        { ...base.systems[1], rto_hours: 24, team: 'infra', estimate_hours: { low: 1, likely: 2, high: 4 } },
        base.systems[2],
      ],
    };
    const r = parseImportText('id;name\nad;Katalogtjänst\n', 'x.csv', withMore, MERGE);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.catalogue.systems[0]).toEqual({ ...withMore.systems[1], name: 'Katalogtjänst' });
    // Replacing takes the rows whole.
    const replaced = parseImportText('id;name;kind\nnet;Nät;infrastructure\n', 'x.csv', withMore, {
      replace: true,
      statuses: true,
    });
    expect(replaced.ok && replaced.catalogue.systems[0]).toEqual({
      id: 'net',
      name: 'Nät',
      kind: 'infrastructure',
      depends_on: [],
    });
  });

  it('takes status and remaining_hours from the file only when asked', () => {
    const csv = 'id,name,kind,depends_on,status\nad,AD,infrastructure,net,Ej tillgängligt\n';
    const r = parseImportText(csv, 'x.csv', base, { replace: false, statuses: true });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.catalogue.systems[0].status ?? 'down').toBe('down');
    expect(r.catalogue.systems[0].remaining_hours).toBeUndefined();
  });

  it('replaces: only the file is left, statuses still kept', () => {
    const csv = 'id,name,kind\nnet,Nät,infrastructure\n';
    const r = parseImportText(csv, 'x.csv', base, { replace: true, statuses: false });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.catalogue.systems).toEqual([
      { id: 'net', name: 'Nät', kind: 'infrastructure', depends_on: [], status: 'operational' },
    ]);
  });

  it('a replace that leaves a stored system without what it needs is refused; the merge of the same file is fine', () => {
    const yaml = 'version: 1\nsystems:\n  - id: net\n    name: Nät\n    kind: infrastructure\n';
    expect(parseImportText('{}', 'x.json', base, MERGE).ok).toBe(false);
    expect(parseImportText(yaml, 'x.yaml', base, MERGE).ok).toBe(true);
    const replaced = parseImportText(yaml, 'x.yaml', base, { replace: true, statuses: false });
    expect(replaced.ok).toBe(false);
  });

  it('an issue in a merged file names the file line, counting from the file, not the store', () => {
    const csv = 'id,name,kind,depends_on\nnew,Ny,application,nowhere\n';
    const r = parseImportText(csv, 'x.csv', base, MERGE);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ line: 2, field: expect.stringContaining('(new).depends_on') });
    const yaml = 'version: 1\nsystems:\n  - id: ad\n    name: AD\n    kind: infrastructure\n    depends_on: [gone]\n';
    const y = parseImportText(yaml, 'x.yaml', base, MERGE);
    expect(y.ok).toBe(false);
    if (!y.ok) expect(y.issues[0].line).toBe(6);
  });

  it('a file with a duplicate id is refused, not silently merged', () => {
    const csv = 'id,name,kind\nad,A,infrastructure\nad,B,infrastructure\n';
    expect(parseImportText(csv, 'x.csv', base, MERGE).ok).toBe(false);
  });
});

describe('CSV status names', () => {
  it('reads every status name both UI catalogues show, and the ids, in any case', () => {
    for (const status of SYSTEM_STATUSES) {
      expect(csvStatus(sv[`status.${status}`])).toBe(status);
      expect(csvStatus(en[`status.${status}`])).toBe(status);
      expect(csvStatus(status.toUpperCase())).toBe(status);
    }
    expect(csvStatus(' i  DRIFT ')).toBe('operational');
    expect(csvStatus('uppe')).toBe('uppe');
    expect(Object.values(CSV_STATUS_NAMES).every((s) => (SYSTEM_STATUSES as readonly string[]).includes(s))).toBe(true);
  });
});
