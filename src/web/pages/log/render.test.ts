import { describe, expect, it } from 'vitest';
import { type Locale, translate } from '../../../i18n/index.js';
import { kindName, RENDERERS, type RenderableEntry, renderEntry } from './render.js';

const ctx = (locale: Locale) => ({
  t: (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(locale, key, vars),
  time: (iso: string) => `<${iso}>`,
});
const en = ctx('en');
const sv = ctx('sv');
const entry = (kind: string, data: RenderableEntry['data'] = {}, text: string | null = null): RenderableEntry => ({
  kind,
  data,
  text,
});

describe('renderEntry', () => {
  it('words a status change in the reader’s language, with the override’s reason', () => {
    const plain = entry('status', { from: 'down', to: 'restoring', override: false });
    expect(renderEntry(plain, en)).toBe('Status: Not available → Being restored');
    expect(renderEntry(plain, sv)).toBe('Status: Ej tillgängligt → Återställs');
    const forced = entry('status', { from: 'down', to: 'operational', override: true }, 'Kunderna väntar');
    expect(renderEntry(forced, en)).toBe('Status: Not available → Working (override: Kunderna väntar)');
    expect(renderEntry(forced, sv)).toContain('(forcerad: Kunderna väntar)');
    // An unknown status code shows as itself rather than vanishing.
    expect(renderEntry(entry('status', { from: 'down', to: 'melted' }), en)).toBe('Status: Not available → melted');
  });

  it('words a gate with its state, evidence and expiry', () => {
    const passed = entry('gate', { gate: 'patched', state: 'passed', expires_at: null }, 'WSUS-rapport 2026-12-01');
    expect(renderEntry(passed, en)).toBe('Patched: passed – WSUS-rapport 2026-12-01');
    expect(renderEntry(passed, sv)).toBe('Uppdaterat: godkänd – WSUS-rapport 2026-12-01');
    const waived = entry(
      'gate',
      { gate: 'edr-active', state: 'waived', expires_at: '2026-12-09T00:00:00Z' },
      'Ingen EDR-licens',
    );
    expect(renderEntry(waived, en)).toBe(
      'Endpoint detection active: waived, valid until <2026-12-09T00:00:00Z> – Ingen EDR-licens',
    );
    expect(renderEntry(entry('gate', { gate: 'own-gate', state: 'passed' }), en)).toBe('own-gate: passed');
  });

  it('words catalogue, incident, decision, task and obligation entries', () => {
    expect(
      renderEntry(
        entry('catalogue', { entity: 'system', entity_id: 'ad', action: 'change', fields: ['status', 'name'] }),
        en,
      ),
    ).toBe('System ad: changed (status, name)');
    expect(renderEntry(entry('catalogue', { entity: 'unit', entity_id: 'soc', action: 'add' }), sv)).toBe(
      'Kontor soc: tillagd',
    );
    expect(
      renderEntry(entry('catalogue', { entity: 'catalogue', entity_id: null, action: 'import', fields: [] }), sv),
    ).toBe('Katalogen: importerad');
    expect(renderEntry(entry('incident', { incident_id: 'i1', action: 'opened', fields: [] }), en)).toBe(
      'The incident: opened',
    );
    expect(renderEntry(entry('decision', { decision_id: 'd', seq: 4 }, 'Stäng e-posten'), en)).toBe(
      'Decision 4: Stäng e-posten',
    );
    expect(renderEntry(entry('task', { task_id: 't', action: 'created' }, 'Ring IVO'), sv)).toBe(
      'Uppgift skapad: Ring IVO',
    );
    expect(renderEntry(entry('obligation', { obligation_id: 'nis2-24h', action: 'sent' }), en)).toBe(
      'Obligation nis2-24h: sent',
    );
  });

  it('shows a manual entry’s text, and an unknown kind’s text or raw data', () => {
    expect(renderEntry(entry('manual', {}, 'Socialkontoret ringer'), sv)).toBe('Socialkontoret ringer');
    expect(renderEntry(entry('publication', { id: 'p1' }, 'Pressmeddelande ute'), en)).toBe('Pressmeddelande ute');
    expect(renderEntry(entry('weather', { unit: 'soc', count: 3 }), en)).toBe('{"unit":"soc","count":3}');
    expect(renderEntry(entry('toString'), en)).toBe('');
    expect(kindName('weather', en)).toBe('weather');
    expect(kindName('manual', sv)).toBe('Anteckning');
  });

  it('has a name in both languages for every kind it renders', () => {
    for (const kind of Object.keys(RENDERERS)) {
      expect(kindName(kind, en), kind).not.toBe(kind);
      expect(kindName(kind, sv), kind).not.toBe(kind);
    }
  });
});
