import { describe, expect, it } from 'vitest';
import type { PublishedNotice } from '../domain/site/notice.js';
import type { PublicSnapshot } from '../domain/site/public.js';
import { nextChangeAt, renderSite } from './site.js';

const HOSTILE = '<script>alert(1)</script>"\'&';

function snapshot(over: Partial<PublicSnapshot> = {}): PublicSnapshot {
  const notice: PublishedNotice = {
    id: 'n',
    slug: 'n',
    version: 1,
    published_at: '2026-11-29T07:00:00.000Z',
    amended_at: null,
    next_update_at: '2026-11-29T10:00:00.000Z',
    original_lang: 'sv',
    texts: {
      sv: {
        title: HOSTILE,
        body_md: `${HOSTILE}\n\n[x](javascript:alert(1))`,
        sms_summary: HOSTILE,
        translation_pending: false,
      },
    },
  };
  return {
    organisation: { name: HOSTILE, locale: 'sv', timezone: 'Europe/Stockholm' },
    incident: { detected_at: '2026-11-29T06:00:00.000Z' },
    services: [{ key: 'k', name: HOSTILE, status: 'down', help: { sv: HOSTILE }, expected: null }],
    notices: [notice],
    updated_at: '2026-11-29T07:00:00.000Z',
    ...over,
  };
}

describe('renderSite', () => {
  it('escapes every text from the data in every page and feed', () => {
    const files = renderSite(snapshot(), {
      mode: 'live',
      baseUrl: 'https://x.se',
      now: Date.parse('2026-11-29T08:00Z'),
    });
    for (const f of files) {
      expect(f.body, f.file).not.toContain('<script');
      expect(f.body, f.file).not.toContain('href="javascript:');
    }
    expect(files.find((f) => f.file === 'index.html')?.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('renders every page in both languages, each under 50 KB and with one h1', () => {
    const files = renderSite(snapshot(), { mode: 'static', baseUrl: 'https://x.se', now: 0 });
    const pages = files.filter((f) => f.contentType.startsWith('text/html'));
    expect(pages.map((f) => f.file).sort()).toEqual(
      [
        '404.html',
        'accessibility/index.html',
        'en/404.html',
        'en/accessibility/index.html',
        'en/index.html',
        'en/updates/index.html',
        'en/updates/n/index.html',
        'index.html',
        'updates/index.html',
        'updates/n/index.html',
      ].sort(),
    );
    for (const p of pages) {
      expect(Buffer.byteLength(p.body), p.file).toBeLessThan(50 * 1024);
      expect(p.body.match(/<h1[\s>]/g)?.length, p.file).toBe(1);
    }
  });

  it('turns "next update" into "overdue" just after its time, and says when to re-render', () => {
    const at = Date.parse('2026-11-29T10:00:00.000Z');
    const front = (now: number) =>
      renderSite(snapshot(), { mode: 'live', baseUrl: '', now }).find((f) => f.file === 'index.html')?.body;
    expect(front(at)).not.toContain('försenat');
    expect(front(at + 1)).toContain('försenat');
    expect(nextChangeAt(snapshot(), at - 5000)).toBe(at + 1);
    expect(nextChangeAt(snapshot(), at + 5000)).toBeNull();
  });

  it('shows a calm page with no incident', () => {
    const files = renderSite(snapshot({ incident: null, services: [] }), { mode: 'live', baseUrl: '', now: 0 });
    expect(files.find((f) => f.file === 'en/index.html')?.body).toContain('No ongoing disruption');
  });
});
