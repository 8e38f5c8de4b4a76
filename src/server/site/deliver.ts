import type { PublishedNotice, PublishedText } from '../../domain/site/notice.js';
import { isLocale, type Locale, translate } from '../../i18n/index.js';
import type { Db } from '../../store/database.js';
import { listActive } from '../../store/site/subscriptions.repository.js';
import type { AppDeps } from '../deps.js';
import { enqueue } from '../outgoing/enqueue.js';
import { markdownToPlainText } from '../subscriptions/plain-text.js';
import { listUnsubscribeMeta, publicBase, unsubscribeUrl } from '../subscriptions/subscriptions.service.js';

/** The webhook body of a publication (docs/api.md, "Webhooks"); signed by the outgoing worker. */
export interface NoticeWebhookBody {
  type: 'notice.published' | 'notice.amended';
  id: string;
  slug: string;
  version: number;
  published_at: string;
  amended_at: string | null;
  url: string;
  texts: PublishedNotice['texts'];
}

/** The text a subscriber of a language reads: that language once translated, else the original. */
function textFor(notice: PublishedNotice, lang: string): { lang: string; text: PublishedText } {
  const own = notice.texts[lang];
  if (own && !own.translation_pending) return { lang, text: own };
  const original = notice.texts[notice.original_lang] ?? Object.values(notice.texts)[0];
  return { lang: notice.original_lang, text: original as PublishedText };
}

function pageUrl(base: string, notice: PublishedNotice, lang: string): string {
  const url = `${base}/updates/${encodeURIComponent(notice.slug)}`;
  return lang === notice.original_lang ? url : `${url}?lang=${lang}`;
}

/**
 * Queues a publication (or an amendment) for every active subscriber, inside the publishing unit of work:
 * an e-mail per resident with an unsubscribe link, a signed webhook call per partner. Never called for an
 * exercise (the caller checks `mayPublish`). Each message's dedupe key names the notice, its version and the
 * subscription, so a retried unit of work never queues one twice.
 */
export async function deliverPublication(
  trx: Db,
  deps: Pick<AppDeps, 'clock' | 'ids' | 'config'>,
  notice: PublishedNotice,
): Promise<void> {
  const base = publicBase(deps.config);
  const amended = notice.version > 1;
  // The Markdown is rendered once per language, not once per subscriber: only the unsubscribe link differs.
  const mails = new Map<Locale, { subject: string; head: string }>();
  const mailIn = (lang: Locale) => {
    let mail = mails.get(lang);
    if (!mail) {
      const { text } = textFor(notice, lang);
      mail = {
        subject: amended ? translate(lang, 'subscribe.mail.notice.amended', { title: text.title }) : text.title,
        head: [
          text.title,
          '',
          markdownToPlainText(text.body_md),
          '',
          translate(lang, 'subscribe.mail.notice.read'),
          pageUrl(base, notice, lang),
          '',
          '-- ',
          translate(lang, 'subscribe.mail.notice.unsubscribe'),
        ].join('\n'),
      };
      mails.set(lang, mail);
    }
    return mail;
  };
  for (const subscriber of await listActive(trx, 'email')) {
    const lang: Locale = isLocale(subscriber.lang) ? subscriber.lang : 'sv';
    const { subject, head } = mailIn(lang);
    await enqueue(trx, deps, {
      channel: 'email',
      purpose: 'notice',
      recipient: subscriber.address,
      subject,
      body: `${head}\n${unsubscribeUrl(deps.config, subscriber.id, lang)}\n`,
      meta: listUnsubscribeMeta(deps.config, subscriber.id, lang),
      dedupe_key: `notice:${notice.id}:${notice.version}:${subscriber.id}`,
    });
  }
  const webhookBody: NoticeWebhookBody = {
    type: amended ? 'notice.amended' : 'notice.published',
    id: notice.id,
    slug: notice.slug,
    version: notice.version,
    published_at: notice.published_at,
    amended_at: notice.amended_at,
    url: pageUrl(base, notice, notice.original_lang),
    texts: notice.texts,
  };
  const json = JSON.stringify(webhookBody);
  for (const partner of await listActive(trx, 'webhook')) {
    await enqueue(trx, deps, {
      channel: 'webhook',
      purpose: 'notice',
      recipient: partner.address,
      subject: null,
      body: json,
      // The worker signs with this subscription's secret as it is when sending (a rotated secret applies).
      meta: { subscription_id: partner.id },
      dedupe_key: `notice:${notice.id}:${notice.version}:${partner.id}`,
    });
  }
}
