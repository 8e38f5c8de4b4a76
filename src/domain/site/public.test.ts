import { describe, expect, it } from 'vitest';
import { expectedRange, helpIn, serviceKey } from './public.js';

describe('expectedRange', () => {
  it('rounds the P50 down and the P90 up to the hour', () => {
    expect(expectedRange('2026-11-29T10:20:00.000Z', '2026-11-29T13:05:00.000Z')).toEqual({
      from: '2026-11-29T10:00:00.000Z',
      to: '2026-11-29T14:00:00.000Z',
    });
  });

  it('never gives the same hour twice, even when P50 and P90 fall in one hour or on the hour', () => {
    expect(expectedRange('2026-11-29T10:20:00.000Z', '2026-11-29T10:40:00.000Z')).toEqual({
      from: '2026-11-29T10:00:00.000Z',
      to: '2026-11-29T11:00:00.000Z',
    });
    expect(expectedRange('2026-11-29T10:00:00.000Z', '2026-11-29T10:00:00.000Z').to).toBe('2026-11-29T11:00:00.000Z');
  });
});

describe('helpIn', () => {
  it('takes the page’s language, else the organisation’s, else the first, with the language it is in', () => {
    expect(helpIn({ sv: 'hej', en: 'hi' }, 'en', 'sv')).toEqual({ text: 'hi', lang: 'en' });
    expect(helpIn({ sv: 'hej' }, 'en', 'sv')).toEqual({ text: 'hej', lang: 'sv' });
    expect(helpIn({ de: 'hallo' }, 'en', 'sv')).toEqual({ text: 'hallo', lang: 'de' });
    expect(helpIn(null, 'en', 'sv')).toBeNull();
  });
});

describe('serviceKey', () => {
  it('makes a URL- and id-safe key of a public name', () => {
    expect(serviceKey('Bibliotekets lån & e-böcker')).toBe('bibliotekets-lan-e-bocker');
    expect(serviceKey('!!!')).toBe('service');
  });
});
