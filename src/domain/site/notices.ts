/**
 * A public update's life: `draft → in_review → published`, back to `draft` to amend (the public keeps the
 * published version until the amendment is published), its slug, its languages and what is published of it.
 */
import { LifeboatError } from '../errors.js';
import type { PublishedNotice, PublishedText } from './notice.js';
import { smsLength } from './sms.js';

/** The states of a notice, in order. */
export const NOTICE_STATUSES = ['draft', 'in_review', 'published'] as const;
/** A notice's state. */
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** The changes of state a person can ask for. */
export type NoticeAction = 'submit' | 'return' | 'publish' | 'amend';

const FROM: Record<NoticeAction, NoticeStatus> = {
  submit: 'draft',
  return: 'in_review',
  publish: 'in_review',
  amend: 'published',
};
const TO: Record<NoticeAction, NoticeStatus> = {
  submit: 'in_review',
  return: 'draft',
  publish: 'published',
  amend: 'draft',
};

/** The state an action leads to; a typed refusal when the notice is not in the state the action starts from. */
export function transition(status: NoticeStatus, action: NoticeAction): NoticeStatus {
  if (FROM[action] !== status) {
    throw new LifeboatError(
      'invalid_transition',
      `This action (${action}) is not possible while the update is ${status}.`,
      {
        key: 'err.notices.transition',
        params: { status, action },
      },
    );
  }
  return TO[action];
}

/** Whether a notice's texts may be changed: only as a draft (an update in review is sent back first). */
export function assertEditable(status: NoticeStatus): void {
  if (status !== 'draft') {
    throw new LifeboatError('invalid_transition', 'Only a draft can be changed: send it back to draft first.', {
      key: 'err.notices.notDraft',
    });
  }
}

const FOLD: Record<string, string> = { å: 'a', ä: 'a', ö: 'o', æ: 'ae', ø: 'o', ß: 'ss' };

/** A URL slug from a (Swedish) title: lower case, å/ä → a, ö → o, other accents dropped, words joined by `-`. */
export function slugify(title: string): string {
  const folded = title
    .toLowerCase()
    .replace(/[åäöæøß]/g, (c) => FOLD[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
  const slug = folded
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'meddelande';
}

/** The first of `base`, `base-2`, `base-3` … that `taken` does not hold. */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

const LANG = /^[a-z]{2}$/;

/** Whether a code looks like an ISO 639-1 language (two lower-case letters). */
export function isLanguageCode(code: string): boolean {
  return LANG.test(code);
}

/**
 * The site's languages: the organisation's first, then English, then those it added (each once, in order).
 * A code that is not ISO 639-1 is refused, naming the field.
 */
export function siteLanguages(original: string, extra: readonly string[]): string[] {
  for (const code of extra) {
    if (!isLanguageCode(code)) {
      throw new LifeboatError('validation_failed', `"${code}" is not a two-letter ISO 639-1 language code.`, {
        field: 'languages',
        key: 'err.notices.badLanguage',
        params: { code },
      });
    }
  }
  return [...new Set([original, 'en', ...extra])];
}

/** One language's working text. */
export interface NoticeText {
  lang: string;
  title: string;
  body_md: string;
  sms_summary: string;
  translation_pending: boolean;
}

/** Refuses an SMS summary longer than one SMS. */
export function checkSmsSummary(summary: string): void {
  const length = smsLength(summary);
  if (!length.fits_one) {
    throw new LifeboatError(
      'validation_failed',
      `The SMS summary is ${length.units} characters; one SMS holds ${length.single_limit}.`,
      {
        field: 'sms_summary',
        key: 'err.notices.smsTooLong',
        params: { units: length.units, limit: length.single_limit },
      },
    );
  }
}

/**
 * The texts after one language is saved. The original's change marks every translation pending again; a
 * translation is pending unless saved as translated, and always while it is the original's text unchanged.
 */
export function saveText(
  texts: readonly NoticeText[],
  original: string,
  saved: Omit<NoticeText, 'translation_pending'> & { translated: boolean },
): NoticeText[] {
  const { translated, ...fields } = saved;
  const before = texts.find((t) => t.lang === original);
  if (saved.lang === original) {
    const changed = !before || before.title !== saved.title || before.body_md !== saved.body_md;
    const others = texts
      .filter((t) => t.lang !== original)
      .map((t) => (changed ? { ...t, translation_pending: true } : t));
    return [{ ...fields, translation_pending: false }, ...others];
  }
  const copy = before !== undefined && before.title === saved.title && before.body_md === saved.body_md;
  const next = { ...fields, translation_pending: !translated || copy };
  const rest = texts.filter((t) => t.lang !== saved.lang);
  return [...rest, next];
}

/**
 * Each site language's text, the missing ones filled with a pending copy of the original (a language added
 * after the notice was written).
 */
export function textsFor(texts: readonly NoticeText[], languages: readonly string[], original: string): NoticeText[] {
  const source = texts.find((t) => t.lang === original) ?? texts[0];
  return languages.map((lang) => {
    const found = texts.find((t) => t.lang === lang);
    if (found) return found;
    return {
      lang,
      title: source?.title ?? '',
      body_md: source?.body_md ?? '',
      sms_summary: source?.sms_summary ?? '',
      translation_pending: lang !== original,
    };
  });
}

/** What the public gets of a notice at a publication: exactly the texts approved, per language. */
export function buildPublished(input: {
  id: string;
  slug: string;
  version: number;
  at: string;
  first_published_at: string | null;
  next_update_at: string | null;
  original_lang: string;
  texts: readonly NoticeText[];
}): PublishedNotice {
  const texts: Record<string, PublishedText> = {};
  for (const t of input.texts) {
    texts[t.lang] = {
      title: t.title,
      body_md: t.body_md,
      sms_summary: t.sms_summary,
      translation_pending: t.lang !== input.original_lang && t.translation_pending,
    };
  }
  const amended = input.version > 1;
  return {
    id: input.id,
    slug: input.slug,
    version: input.version,
    // The first publication's time stays the update's time; an amendment says when it was made.
    published_at: amended && input.first_published_at ? input.first_published_at : input.at,
    amended_at: amended ? input.at : null,
    next_update_at: input.next_update_at,
    original_lang: input.original_lang,
    texts,
  };
}

/** Markdown as plain paragraphs for print: marks dropped, links keep their text, list items get a bullet. */
export function plainParagraphs(markdown: string): string[] {
  return markdown
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((line) =>
          line
            .replace(/^\s*#{1,6}\s+/, '')
            .replace(/^\s*[-*+]\s+/, '• ')
            .replace(/!?\[([^\]]*)\]\(([^)]*)\)/g, '$1 ($2)')
            .replace(/[*_`]/g, '')
            .trim(),
        )
        .filter((line) => line !== '')
        .join('\n'),
    )
    .filter((p) => p !== '');
}
