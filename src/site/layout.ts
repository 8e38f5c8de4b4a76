import { type Html, html } from './html.js';

/** What every public page needs around its content. */
export interface PageFrame {
  /** The page's language (`lang` on <html>). */
  lang: string;
  /** The page title (the h1 is the content's own). */
  title: string;
  /** The organisation's name, shown in the header. */
  organisation: string;
  /** Link to the front page in this language (relative in the mirror). */
  homeHref: string;
  /** Links to this page in the other languages, with their names. */
  alternates: { lang: string; href: string; label: string }[];
  /** Texts of the frame in the page's language. */
  texts: { skipToContent: string; languages: string; footer: Html | string };
  /** Extra `<link>` tags (feeds). */
  head?: Html;
  content: Html;
}

/**
 * A whole public page: no script, one stylesheet inline (one request on a slow phone), a skip link, the
 * language switch, and the content in <main>. The renderers of every public page wrap their content here.
 */
export function renderPage(frame: PageFrame): string {
  return `<!doctype html>\n${
    html`<html lang="${frame.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} – ${frame.organisation}</title>
<style>${STYLE}</style>
${frame.head ?? ''}
</head>
<body>
<a class="skip" href="#content">${frame.texts.skipToContent}</a>
<header><a class="home" href="${frame.homeHref}">${frame.organisation}</a>
<nav aria-label="${frame.texts.languages}"><ul>${frame.alternates.map(
      (a) => html`<li><a href="${a.href}" lang="${a.lang}" hreflang="${a.lang}">${a.label}</a></li>`,
    )}</ul></nav></header>
<main id="content" tabindex="-1">${frame.content}</main>
<footer>${frame.texts.footer}</footer>
</body>
</html>`.value
  }\n`;
}

// Kept small and high-contrast; the site must be readable with no stylesheet at all too.
const STYLE = [
  'body{font:1.0625rem/1.5 system-ui,sans-serif;margin:0;color:#111;background:#fff}',
  'header,main,footer{max-width:42rem;margin:0 auto;padding:1rem}',
  'header{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;border-bottom:1px solid #767676}',
  'header ul{list-style:none;margin:0;padding:0;display:flex;gap:1rem}',
  'a{color:#0b4fa8}a:focus-visible{outline:3px solid #111;outline-offset:2px}',
  '.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}',
  'footer{border-top:1px solid #767676;font-size:.9375rem}',
].join('');
