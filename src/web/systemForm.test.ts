import { describe, expect, it } from 'vitest';
import type { System } from '../domain/catalogue/types.js';
import { translate } from '../i18n/index.js';
import type { T } from './i18n.js';
import { emptyForm, toCreate, toForm, toPatch } from './systemForm.js';

const t: T = (key, vars) => translate('en', key, vars);

const ad: System = {
  id: 'ad',
  name: 'Active Directory',
  kind: 'infrastructure',
  public_name: 'Login',
  owner: 'it',
  team: 'infra',
  depends_on: ['dns-dhcp', 'virtualisation'],
  society: 4,
  organisation: 5,
  rto_hours: 24,
  estimate_hours: { low: 24, likely: 48, high: 120 },
};

describe('system form', () => {
  it('sends nothing when nothing changed', () => {
    expect(toPatch(toForm(ad), ad, true, t)).toEqual({ patch: {}, problems: {} });
  });

  it('sends only the changed fields, and null for a cleared optional one', () => {
    const form = { ...toForm(ad), public_name: '  ', society: '2', depends_on: 'dns-dhcp;  backup,', name: ' AD ' };
    expect(toPatch(form, ad, true, t)).toEqual({
      patch: { name: 'AD', public_name: null, society: 2, depends_on: ['dns-dhcp', 'backup'] },
      problems: {},
    });
  });

  it('clears the estimate when every part is empty and names each missing part otherwise', () => {
    const cleared = { ...toForm(ad), low: '', likely: '', high: '' };
    expect(toPatch(cleared, ad, true, t).patch).toEqual({ estimate_hours: null });
    const partial = { ...toForm(ad), likely: '' };
    const { patch, problems } = toPatch(partial, ad, true, t);
    expect(patch).toEqual({});
    expect(Object.keys(problems)).toEqual(['estimate_hours.likely']);
  });

  it('accepts a decimal comma and refuses what is not a number', () => {
    expect(toPatch({ ...toForm(ad), rto_hours: '1,5' }, ad, true, t).patch).toEqual({ rto_hours: 1.5 });
    expect(Object.keys(toPatch({ ...toForm(ad), rto_hours: 'soon' }, ad, true, t).problems)).toEqual(['rto_hours']);
  });

  it('treats absent gates as every default gate, and sends a real change of them', () => {
    expect(toPatch(toForm(ad), ad, true, t).patch.gates).toBeUndefined();
    const fewer = { ...toForm(ad), gates: ['patched'] };
    expect(toPatch(fewer, ad, true, t).patch).toEqual({ gates: ['patched'] });
  });

  it('sends only estimate, status and remaining time for a recovery team', () => {
    const form = { ...toForm(ad), name: 'Renamed', status: 'restoring' as const, remaining_hours: '6', low: '12' };
    expect(toPatch(form, ad, false, t).patch).toEqual({
      status: 'restoring',
      remaining_hours: 6,
      estimate_hours: { low: 12, likely: 48, high: 120 },
    });
  });

  it('requires a name', () => {
    expect(Object.keys(toPatch({ ...toForm(ad), name: ' ' }, ad, true, t).problems)).toEqual(['name']);
  });

  it('builds a new system from what was filled, leaving the rest absent', () => {
    const form = { ...emptyForm(), name: ' Löner ', kind: 'platform' as const, depends_on: 'ad, dns', team: 'infra' };
    expect(toCreate(' loner-2 ', form, t)).toEqual({
      system: { id: 'loner-2', name: 'Löner', kind: 'platform', team: 'infra', depends_on: ['ad', 'dns'] },
      problems: {},
    });
  });

  it('refuses a new system without a name or with an id the API would refuse, before sending', () => {
    expect(toCreate('', emptyForm(), t)).toEqual({
      system: null,
      problems: { id: 'Enter id.', name: 'Enter name.' },
    });
    const named = { ...emptyForm(), name: 'X' };
    expect(toCreate('Stora Bokstäver', named, t).problems).toEqual({ id: t('system.idInvalid') });
    expect(toCreate('-dash-first', named, t).system).toBeNull();
  });
});

describe('system form: public_help', () => {
  it('shows one text in every language field and keeps it one text until edited', () => {
    const s: System = { ...ad, public_help: 'Ring 0123' };
    const form = toForm(s);
    expect(form.public_help).toEqual({ sv: 'Ring 0123', en: 'Ring 0123' });
    expect(toPatch(form, s, true, t).patch).toEqual({});
    const edited = { ...form, public_help: { sv: 'Ring 0123', en: 'Call 0123' } };
    expect(toPatch(edited, s, true, t).patch).toEqual({ public_help: { sv: 'Ring 0123', en: 'Call 0123' } });
  });

  it('keeps languages beyond the site languages, drops empty ones, and clears with null', () => {
    const s: System = { ...ad, public_help: { sv: 'Ring', fi: 'Soita' } };
    const form = toForm(s);
    expect(form.public_help).toEqual({ sv: 'Ring', en: '', fi: 'Soita' });
    expect(toPatch(form, s, true, t).patch).toEqual({});
    expect(toPatch({ ...form, public_help: { sv: ' ', en: '', fi: '' } }, s, true, t).patch).toEqual({
      public_help: null,
    });
    expect(toPatch({ ...toForm(ad), public_help: { sv: 'Ring', en: '' } }, ad, true, t).patch).toEqual({
      public_help: { sv: 'Ring' },
    });
  });
});
