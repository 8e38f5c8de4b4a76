import { describe, expect, it } from 'vitest';
import { absoluteUrl, hrefTo, type LinkMode, relative, routeFile } from './links.js';

const live: LinkMode = { mode: 'live', baseUrl: 'https://info.example.se', defaultLang: 'sv' };
const mirror: LinkMode = { ...live, mode: 'static' };

describe('links', () => {
  it('names index.html in the mirror, English under en/', () => {
    expect(routeFile({ kind: 'front' }, 'sv', mirror)).toBe('index.html');
    expect(routeFile({ kind: 'update', slug: 'vatten' }, 'en', mirror)).toBe('en/updates/vatten/index.html');
    expect(routeFile({ kind: 'atom' }, 'en', mirror)).toBe('en/feed.atom');
  });

  it('links relatively in the mirror and by path live', () => {
    const from = 'en/updates/vatten/index.html';
    expect(hrefTo({ kind: 'front' }, 'en', mirror, from)).toBe('../../index.html');
    expect(hrefTo({ kind: 'front' }, 'sv', mirror, from)).toBe('../../../index.html');
    expect(hrefTo({ kind: 'updates' }, 'sv', mirror, 'index.html')).toBe('updates/index.html');
    expect(hrefTo({ kind: 'update', slug: 'a' }, 'en', live, '')).toBe('/updates/a?lang=en');
    expect(relative('a/b/index.html', 'a/c/index.html')).toBe('../c/index.html');
  });

  it('writes absolute links from the base address', () => {
    expect(absoluteUrl({ kind: 'update', slug: 'a' }, 'sv', live)).toBe('https://info.example.se/updates/a');
    expect(absoluteUrl({ kind: 'update', slug: 'a' }, 'en', mirror)).toBe(
      'https://info.example.se/en/updates/a/index.html',
    );
  });

  it('links to the subscribe form on the live server, also from the mirror, which has no form', () => {
    expect(hrefTo({ kind: 'subscribe' }, 'sv', live, '')).toBe('/subscribe');
    expect(hrefTo({ kind: 'subscribe' }, 'en', live, '')).toBe('/subscribe?lang=en');
    expect(hrefTo({ kind: 'subscribe' }, 'en', mirror, 'en/index.html')).toBe(
      'https://info.example.se/subscribe?lang=en',
    );
  });
});
