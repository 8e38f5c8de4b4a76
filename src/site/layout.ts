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

// Kept small and high-contrast; the site must be readable with no stylesheet at all too. Exported so that
// the server's Content-Security-Policy can allow exactly this inline stylesheet by its hash.
/** The one inline stylesheet of every public page. */
export const STYLE = [
  'body{font:1.0625rem/1.5 system-ui,sans-serif;margin:0;color:#111;background:#fff}',
  'header,main,footer{max-width:42rem;margin:0 auto;padding:1rem}',
  'header{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;border-bottom:1px solid #767676}',
  'header ul{list-style:none;margin:0;padding:0;display:flex;gap:1rem}',
  'a{color:#0b4fa8}a:focus-visible{outline:3px solid #111;outline-offset:2px}',
  '.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}',
  'footer{border-top:1px solid #767676;font-size:.9375rem}',
  'h1,h2{overflow-wrap:break-word;hyphens:auto}h1{font-size:1.75rem;line-height:1.2}h2{font-size:1.375rem;margin-top:2rem}h3{font-size:1.125rem;margin:0}',
  '.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}',
  '.services,.updates{list-style:none;padding:0;margin:0}.updates li{margin:0 0 1rem}.meta{margin:.25rem 0;color:#333}',
  '.service{border:1px solid #767676;border-left-width:.5rem;border-radius:4px;padding:.75rem 1rem;margin:0 0 .75rem}',
  '.service p{margin:.25rem 0}.status{font-weight:600}',
  '.icon{display:inline-block;min-width:1.5rem;height:1.5rem;line-height:1.5rem;text-align:center;border-radius:50%;font-weight:700;border:2px solid}',
  '.st-down,.st-unknown{border-left-color:#b00020}.st-restoring,.st-verifying,.st-limited{border-left-color:#8a5a00}.st-operational{border-left-color:#1e6b2e}',
  '.summary{border-left:4px solid #0b4fa8;padding:0 0 0 1rem}.note{background:#fff4ce;border:1px solid #8a5a00;padding:.5rem}',
  '.overdue{background:#fde7e9;border:1px solid #b00020;padding:.5rem}.links{padding-left:1.25rem}',
  'a{text-underline-offset:.15em}main a,footer a{padding:.125rem 0}',
].join('');
