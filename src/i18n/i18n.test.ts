import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { isLocale, MESSAGES, translate } from './index.js';
import { sv } from './sv.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n catalogues', () => {
  it('have the same keys in Swedish and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort());
  });

  it('use the same placeholders for each key in both languages', () => {
    for (const key of Object.keys(sv) as (keyof typeof sv)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(sv[key]));
    }
  });

  it('have no empty text', () => {
    for (const messages of Object.values(MESSAGES)) {
      for (const [key, text] of Object.entries(messages)) expect(text.trim(), key).not.toBe('');
    }
  });

  it('fill placeholders and leave unknown ones visible', () => {
    expect(translate('sv', 'system.title', { name: 'Active Directory' })).toBe('System: Active Directory');
    expect(translate('en', 'systems.shown', { shown: 3, total: 58 })).toBe('Showing 3 of 58 systems.');
    expect(translate('en', 'system.title')).toBe('System: {name}');
  });

  it('uses the glossary terms of DESIGN.md', () => {
    expect(sv['role.staff']).toBe('Krisstab');
    expect(sv['system.needs']).toBe('Behöver');
    expect(sv['system.neededBy']).toBe('Behövs av');
    expect(en['system.needs']).toBe('Needs');
    expect(en['system.neededBy']).toBe('Needed by');
  });

  it('knows its locales', () => {
    expect(isLocale('sv')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('de')).toBe(false);
    expect(isLocale(null)).toBe(false);
  });
});
