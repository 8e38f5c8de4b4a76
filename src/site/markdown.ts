/**
 * The Markdown of public updates, rendered safely: raw HTML is off (shown as text), links go only to
 * http, https and mailto addresses and carry rel="nofollow", images are not rendered (no third-party
 * request from a public page), and headings start at h2 since the page's title is its one h1.
 */
import MarkdownIt from 'markdown-it';
import { Html } from './html.js';

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
md.disable(['image']);
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  tokens[idx].attrSet('rel', 'nofollow');
  return self.renderToken(tokens, idx, options);
};

md.renderer.rules.heading_open = (tokens, idx, options, _env, self) => {
  const level = Math.min(6, Number(tokens[idx].tag.slice(1)) + 1);
  tokens[idx].tag = `h${level}`;
  return self.renderToken(tokens, idx, options);
};
md.renderer.rules.heading_close = (tokens, idx, options, _env, self) => {
  const level = Math.min(6, Number(tokens[idx].tag.slice(1)) + 1);
  tokens[idx].tag = `h${level}`;
  return self.renderToken(tokens, idx, options);
};

/** Renders an update's Markdown as HTML that is safe to put in a public page or feed. */
export function renderMarkdown(source: string): Html {
  return new Html(md.render(source));
}
