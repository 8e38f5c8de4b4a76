/**
 * A public update (meddelande) as the public sees it: exactly what was approved, per language. This is the
 * JSON stored in `notices.published_content` and in each `notice_publications` row; the public renderers read
 * nothing else of a notice.
 */

/** One language's text of a published update. */
export interface PublishedText {
  title: string;
  /** Markdown, rendered and sanitised by the site's renderer. */
  body_md: string;
  /** At most one SMS (160 GSM characters), for SMS and the A4 notice. */
  sms_summary: string;
  /** True while this language still follows the original and is not yet translated. */
  translation_pending: boolean;
}

/** A published update: what the public pages, feeds, mirror and subscribers get. */
export interface PublishedNotice {
  id: string;
  slug: string;
  /** 1 at first publication, +1 per amendment. */
  version: number;
  published_at: string;
  /** Set once amended: when the latest version was published. */
  amended_at: string | null;
  /** When the next update comes at the latest, if promised. */
  next_update_at: string | null;
  /** The language the update was written in (the organisation's). */
  original_lang: string;
  texts: { [lang: string]: PublishedText };
}
