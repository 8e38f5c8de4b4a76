import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';

const render = (s: string) => renderMarkdown(s).value;

describe('renderMarkdown', () => {
  it('renders plain Markdown, headings below the page h1', () => {
    expect(render('# Rubrik\n\nText med **fet** stil.')).toBe(
      '<h2>Rubrik</h2>\n<p>Text med <strong>fet</strong> stil.</p>\n',
    );
    expect(render('###### sex')).toBe('<h6>sex</h6>\n');
  });

  it('shows raw HTML as text', () => {
    const out = render('<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:x">a</a>');
    expect(out).not.toMatch(/<script|<img|<a /i);
    expect(out).toContain('&lt;script&gt;');
  });

  it('keeps only http, https and mailto links, with rel="nofollow"', () => {
    expect(render('[a](https://example.se/x)')).toBe('<p><a href="https://example.se/x" rel="nofollow">a</a></p>\n');
    expect(render('[m](mailto:info@example.se)')).toContain('href="mailto:info@example.se" rel="nofollow"');
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:x',
      'file:///etc/passwd',
      '//evil.example/x',
      '/relative',
    ]) {
      const out = render(`[x](${bad})`);
      expect(out, bad).not.toContain('<a');
    }
    expect(render('<javascript:alert(1)>')).not.toContain('<a');
  });

  it('does not render images (no third-party request) nor attributes from the text', () => {
    expect(render('![spårning](https://tracker.example/p.gif)')).not.toContain('<img');
    expect(render('[a](https://x.se "t\\" onmouseover=\\"alert(1)")')).not.toMatch(/onmouseover="/);
  });

  it('escapes quotes and angle brackets in link text and addresses', () => {
    const out = render('[<b>x</b>](https://example.se/?a="b"&c=<d>)');
    expect(out).not.toContain('<b>');
    expect(out).not.toMatch(/href="[^"]*"[^ >]/);
  });

  it('links bare addresses', () => {
    expect(render('Se https://example.se.')).toContain('<a href="https://example.se" rel="nofollow">');
  });
});
