import { describe, expect, it } from 'vitest';
import { LifeboatError } from '../errors.js';
import {
  buildPublished,
  checkSmsSummary,
  type NoticeText,
  plainParagraphs,
  saveText,
  siteLanguages,
  slugify,
  textsFor,
  transition,
  uniqueSlug,
} from './notices.js';

const text = (lang: string, title: string, pending = false): NoticeText => ({
  lang,
  title,
  body_md: `${title} body`,
  sms_summary: '',
  translation_pending: pending,
});

describe('transition', () => {
  it('goes draft → in_review → published, back to draft to amend or when sent back', () => {
    expect(transition('draft', 'submit')).toBe('in_review');
    expect(transition('in_review', 'return')).toBe('draft');
    expect(transition('in_review', 'publish')).toBe('published');
    expect(transition('published', 'amend')).toBe('draft');
  });

  it('refuses an action from the wrong state with a typed error', () => {
    expect(() => transition('draft', 'publish')).toThrow(LifeboatError);
    try {
      transition('published', 'submit');
      expect.unreachable();
    } catch (e) {
      expect((e as LifeboatError).code).toBe('invalid_transition');
    }
  });
});

describe('slugs', () => {
  it('folds å, ä and ö and joins words with dashes', () => {
    expect(slugify('Störning i e-tjänsterna: så når du oss!')).toBe('storning-i-e-tjansterna-sa-nar-du-oss');
    expect(slugify('Ärende – Öppettider på Åby skola')).toBe('arende-oppettider-pa-aby-skola');
    expect(slugify('Café ÉLÈVE')).toBe('cafe-eleve');
  });

  it('is never empty and never longer than 60 characters', () => {
    expect(slugify('!!!')).toBe('meddelande');
    expect(slugify('a '.repeat(100)).length).toBeLessThanOrEqual(60);
    expect(slugify('a '.repeat(100)).endsWith('-')).toBe(false);
  });

  it('adds a number when the slug is taken', () => {
    expect(uniqueSlug('lage', new Set())).toBe('lage');
    expect(uniqueSlug('lage', new Set(['lage', 'lage-2']))).toBe('lage-3');
  });
});

describe('languages', () => {
  it("are the organisation's, English and the added ones, each once", () => {
    expect(siteLanguages('sv', ['fi', 'en', 'ar', 'fi'])).toEqual(['sv', 'en', 'fi', 'ar']);
    expect(siteLanguages('en', [])).toEqual(['en']);
  });

  it('refuses a code that is not ISO 639-1, naming the field', () => {
    expect(() => siteLanguages('sv', ['finska'])).toThrow(/ISO 639-1/);
    try {
      siteLanguages('sv', ['FI']);
      expect.unreachable();
    } catch (e) {
      expect((e as LifeboatError).field).toBe('languages');
    }
  });
});

describe('translations', () => {
  const texts = [text('sv', 'Läget'), text('en', 'Situation'), text('fi', 'Tilanne')];

  it('marks every translation pending when the original changes, not when it is saved unchanged', () => {
    const changed = saveText(texts, 'sv', { ...text('sv', 'Läget nu'), translated: true });
    expect(changed.map((t) => [t.lang, t.translation_pending])).toEqual([
      ['sv', false],
      ['en', true],
      ['fi', true],
    ]);
    const same = saveText(texts, 'sv', { ...text('sv', 'Läget'), translated: true });
    expect(same.every((t) => !t.translation_pending)).toBe(true);
  });

  it('clears a translation saved as translated, keeps it pending when saved as a copy of the original', () => {
    const pending = texts.map((t) => ({ ...t, translation_pending: t.lang !== 'sv' }));
    const done = saveText(pending, 'sv', { ...text('en', 'The situation'), translated: true });
    expect(done.find((t) => t.lang === 'en')?.translation_pending).toBe(false);
    const copy = saveText(pending, 'sv', { ...text('sv', 'Läget'), lang: 'en', translated: true });
    expect(copy.find((t) => t.lang === 'en')?.translation_pending).toBe(true);
    const draft = saveText(pending, 'sv', { ...text('en', 'Situ'), translated: false });
    expect(draft.find((t) => t.lang === 'en')?.translation_pending).toBe(true);
  });

  it('fills a language added later with a pending copy of the original', () => {
    const all = textsFor([text('sv', 'Läget')], ['sv', 'en'], 'sv');
    expect(all[1]).toEqual({ ...text('sv', 'Läget'), lang: 'en', translation_pending: true });
  });
});

describe('checkSmsSummary', () => {
  it('takes one SMS and refuses more, naming the field', () => {
    expect(() => checkSmsSummary('å'.repeat(160))).not.toThrow();
    try {
      checkSmsSummary('a'.repeat(161));
      expect.unreachable();
    } catch (e) {
      expect((e as LifeboatError).field).toBe('sms_summary');
    }
  });
});

describe('buildPublished', () => {
  const base = {
    id: 'n1',
    slug: 'lage',
    next_update_at: '2026-12-02T15:00:00.000Z',
    original_lang: 'sv',
    texts: [text('sv', 'Läget', true), text('en', 'Situation', true)],
  };

  it('keeps the first publication time and says when an amendment was made', () => {
    const first = buildPublished({ ...base, version: 1, at: '2026-12-02T10:00:00.000Z', first_published_at: null });
    expect(first).toMatchObject({ version: 1, published_at: '2026-12-02T10:00:00.000Z', amended_at: null });
    // The original is never pending, whatever its row says.
    expect(first.texts.sv?.translation_pending).toBe(false);
    expect(first.texts.en?.translation_pending).toBe(true);
    const second = buildPublished({
      ...base,
      version: 2,
      at: '2026-12-02T12:00:00.000Z',
      first_published_at: first.published_at,
    });
    expect(second).toMatchObject({
      version: 2,
      published_at: '2026-12-02T10:00:00.000Z',
      amended_at: '2026-12-02T12:00:00.000Z',
    });
  });
});

describe('plainParagraphs', () => {
  it('drops Markdown marks for print', () => {
    expect(plainParagraphs('# Läget\n\nRing **oss** på [telefon](tel:123).\n\n- ett\n- två')).toEqual([
      'Läget',
      'Ring oss på telefon (tel:123).',
      '• ett\n• två',
    ]);
  });
});
