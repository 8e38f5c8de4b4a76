/**
 * The residents' subscription pages, rendered on the server with no script: subscribe (a form), the link in
 * the confirmation e-mail (a button, so that mail scanners that open links confirm nothing), and unsubscribe.
 */
import { LOCALES, type Locale } from '../i18n/index.js';
import { t } from './format.js';
import { Html, html } from './html.js';
import { renderPage } from './layout.js';

/** What every subscription page needs: its language, the organisation, and the page's own path. */
export interface SubscribeContext {
  lang: Locale;
  organisation: string;
  /** The page's path and query without `lang` (e.g. `/subscribe/confirm?token=…`), for the language links. */
  path: string;
}

/** The subscribe form's state: fresh, refused (with what was typed), or sent. */
export type SubscribeState =
  | { kind: 'form'; email?: string; lang?: Locale; error?: 'invalid' | 'tooMany' }
  | { kind: 'sent' };

// Inputs and buttons big enough for a thumb, visible focus, and an error that is not colour alone.
const FORM_STYLE = [
  'form{margin:1.5rem 0}label{display:block;font-weight:600;margin-top:1rem}',
  '.hint{display:block;font-size:.9375rem;color:#333}',
  'input[type=email],select{font:inherit;width:100%;max-width:24rem;padding:.5rem;border:2px solid #555;border-radius:4px;box-sizing:border-box}',
  'button{font:inherit;margin-top:1.25rem;padding:.625rem 1.25rem;border:2px solid #0b4fa8;border-radius:4px;background:#0b4fa8;color:#fff;cursor:pointer}',
  'button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #111;outline-offset:2px}',
  '.error{border-left:4px solid #a30000;padding:.5rem 1rem;background:#fdf0f0}',
].join('');

function withLang(path: string, lang: Locale): string {
  return `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
}

function page(ctx: SubscribeContext, title: string, content: Html): string {
  const { lang } = ctx;
  return renderPage({
    lang,
    title,
    organisation: ctx.organisation,
    homeHref: withLang('/', lang),
    alternates: LOCALES.filter((l) => l !== lang).map((l) => ({
      lang: l,
      href: withLang(ctx.path, l),
      label: t(l, 'site.langName'),
    })),
    texts: {
      skipToContent: t(lang, 'subscribe.frame.skip'),
      languages: t(lang, 'subscribe.frame.languages'),
      footer: t(lang, 'subscribe.frame.footer', { organisation: ctx.organisation }),
    },
    head: new Html(`<style>${FORM_STYLE}</style>`),
    content,
  });
}

/** The subscribe page: the form (again with the error when refused), or "check your e-mail" once sent. */
export function renderSubscribePage(ctx: SubscribeContext, state: SubscribeState): string {
  const { lang } = ctx;
  if (state.kind === 'sent') {
    return page(
      ctx,
      t(lang, 'subscribe.sent.title'),
      html`<h1>${t(lang, 'subscribe.sent.title')}</h1>
<p>${t(lang, 'subscribe.sent.text')}</p>
<p>${t(lang, 'subscribe.sent.none')}</p>
<p><a href="${withLang('/', lang)}">${t(lang, 'subscribe.home')}</a></p>`,
    );
  }
  const chosen = state.lang ?? lang;
  const invalid = state.error === 'invalid';
  const error = state.error
    ? html`<div class="error" role="alert" id="form-error"><h2>${t(lang, 'subscribe.errorTitle')}</h2><p>${t(
        lang,
        state.error === 'invalid' ? 'subscribe.invalid' : 'subscribe.tooMany',
      )}</p></div>`
    : '';
  return page(
    ctx,
    t(lang, 'subscribe.title'),
    html`<h1>${t(lang, 'subscribe.title')}</h1>
<p>${t(lang, 'subscribe.intro')}</p>
${error}
<form method="post" action="${withLang('/subscribe', lang)}">
<label for="email">${t(lang, 'subscribe.email')}</label>
<span class="hint" id="email-hint">${t(lang, 'subscribe.emailHint')}</span>
<input type="email" id="email" name="email" autocomplete="email" required maxlength="254" value="${state.email ?? ''}" aria-describedby="email-hint${invalid ? ' form-error' : ''}"${invalid ? html` aria-invalid="true"` : ''}>
<label for="lang">${t(lang, 'subscribe.lang')}</label>
<select id="lang" name="lang">${LOCALES.map(
      (l) =>
        html`<option value="${l}" lang="${l}"${l === chosen ? html` selected` : ''}>${t(l, 'site.langName')}</option>`,
    )}</select>
<button type="submit">${t(lang, 'subscribe.submit')}</button>
</form>
<p>${t(lang, 'subscribe.privacy')}</p>`,
  );
}

/** The page behind the confirmation link: a button that confirms, or "the link does not work". */
export function renderConfirmPage(ctx: SubscribeContext, token: string | null): string {
  const { lang } = ctx;
  if (token === null) return badLink(ctx);
  return page(
    ctx,
    t(lang, 'subscribe.confirm.title'),
    html`<h1>${t(lang, 'subscribe.confirm.title')}</h1>
<p>${t(lang, 'subscribe.confirm.text')}</p>
<form method="post" action="${withLang('/subscribe/confirm', lang)}">
<input type="hidden" name="token" value="${token}">
<button type="submit">${t(lang, 'subscribe.confirm.submit')}</button>
</form>`,
  );
}

/** The answer to a confirmation: subscribed, or "the link does not work". */
export function renderConfirmedPage(ctx: SubscribeContext, confirmed: boolean): string {
  const { lang } = ctx;
  if (!confirmed) return badLink(ctx);
  return page(
    ctx,
    t(lang, 'subscribe.confirmed.title'),
    html`<h1>${t(lang, 'subscribe.confirmed.title')}</h1>
<p>${t(lang, 'subscribe.confirmed.text')}</p>
<p><a href="${withLang('/', lang)}">${t(lang, 'subscribe.home')}</a></p>`,
  );
}

/** The page behind an unsubscribe link: a button that unsubscribes, or "the link does not work". */
export function renderUnsubscribePage(ctx: SubscribeContext, token: string | null): string {
  const { lang } = ctx;
  if (token === null) return badLink(ctx);
  return page(
    ctx,
    t(lang, 'unsubscribe.title'),
    html`<h1>${t(lang, 'unsubscribe.title')}</h1>
<p>${t(lang, 'unsubscribe.text')}</p>
<form method="post" action="${withLang('/unsubscribe', lang)}">
<input type="hidden" name="token" value="${token}">
<button type="submit">${t(lang, 'unsubscribe.submit')}</button>
</form>`,
  );
}

/** The answer to an unsubscription; the same whether the address was still there or not. */
export function renderUnsubscribedPage(ctx: SubscribeContext): string {
  const { lang } = ctx;
  return page(
    ctx,
    t(lang, 'unsubscribe.done.title'),
    html`<h1>${t(lang, 'unsubscribe.done.title')}</h1>
<p>${t(lang, 'unsubscribe.done.text')}</p>
<p><a href="${withLang('/', lang)}">${t(lang, 'subscribe.home')}</a></p>`,
  );
}

function badLink(ctx: SubscribeContext): string {
  const { lang } = ctx;
  return page(
    ctx,
    t(lang, 'subscribe.badLink.title'),
    html`<h1>${t(lang, 'subscribe.badLink.title')}</h1>
<p>${t(lang, 'subscribe.badLink.text')}</p>
<p><a href="${withLang('/subscribe', lang)}">${t(lang, 'subscribe.again')}</a></p>`,
  );
}
