/**
 * The static mirror against the live site: the same renderers, so each exported page equals the live
 * one but for the form of its links; and every relative link of the mirror names a file that exists.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { siteScene } from '../../../test/support/site-factory.js';
import { renderMirror, writeMirror } from './export.js';

const BASE = 'https://info.provstad.se';

/** A page or feed with every link's target taken out: what is left must be the same live and exported. */
function withoutLinks(body: string): string {
  return body.replace(/href="[^"]*"/g, 'href=""').replace(/"(url|feed_url|home_page_url)":\s*"[^"]*"/g, '"$1":""');
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: static mirror`, () => {
    let server: TestServer;
    let dir: string;
    beforeAll(async () => {
      server = await startTestServer(dialect, { publicUrl: BASE });
      await siteScene(server.db);
      await server.app.publicSite.rebuild();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-mirror-'));
    });
    afterAll(async () => {
      await server?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('exports each page as the live server renders it, modulo the form of links', async () => {
      const files = await renderMirror({ db: server.db, clock: server.clock }, BASE);
      const pages = files.filter((f) => f.url !== '');
      expect(pages.map((f) => f.file)).toEqual(
        expect.arrayContaining([
          'index.html',
          'updates/index.html',
          'updates/lagesbild-klockan-8/index.html',
          'accessibility/index.html',
          'feed.atom',
          'feed.json',
          'status.json',
          'en/index.html',
          'en/updates/it-storning-i-kommunen/index.html',
          'en/feed.atom',
        ]),
      );
      for (const f of pages) {
        const live = await (await fetch(server.url + f.url)).text();
        expect(withoutLinks(f.body), f.file).toBe(withoutLinks(live));
        expect(f.body === live, `${f.file} links differ from the live page's`).toBe(!/href=|"url"/.test(live));
      }
    });

    it('writes relative links that name index.html and lead to files that exist, and absolute feed links', async () => {
      const written = await writeMirror({ db: server.db, clock: server.clock }, dir, BASE);
      const html = written.filter((f) => f.endsWith('.html'));
      let relative = 0;
      for (const file of html) {
        const body = fs.readFileSync(path.join(dir, file), 'utf8');
        for (const [, href] of body.matchAll(/href="([^"]*)"/g)) {
          if (/^(https?:|mailto:|#)/.test(href)) continue;
          relative++;
          expect(href, `${file}: ${href}`).toMatch(/(index\.html|\.atom|\.json)$/);
          expect(href.startsWith('/'), `${file}: ${href}`).toBe(false);
          const target = path.join(dir, path.dirname(file), href);
          expect(fs.existsSync(target), `${file} links to ${href}`).toBe(true);
        }
      }
      // Every page links home at least, relatively: no pages or only absolute links would pass the loop unchecked.
      expect(html.length).toBeGreaterThan(5);
      expect(relative).toBeGreaterThanOrEqual(html.length);
      const atom = fs.readFileSync(path.join(dir, 'en/feed.atom'), 'utf8');
      expect(atom).toContain(`href="${BASE}/en/updates/lagesbild-klockan-8/index.html"`);
      expect(atom).toContain(`href="${BASE}/en/feed.atom"`);
      const front = fs.readFileSync(path.join(dir, 'en/index.html'), 'utf8');
      expect(front).toContain('<html lang="en">');
      expect(front).toContain('href="../index.html" lang="sv"');
    });
  });
}
