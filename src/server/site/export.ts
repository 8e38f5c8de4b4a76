/**
 * The static mirror (`lifeboat publish`): the same renderers as the live site, written as files with
 * relative links naming `index.html` (so the copy works from a file system, any web host, object storage
 * or a USB stick), English under `en/`, and feeds with absolute links from the base address.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { renderSite, type SiteFile } from '../../site/site.js';
import type { AppDeps } from '../deps.js';
import { PlanCache } from '../plan/plan.service.js';
import { publicSnapshot } from './site.service.js';

/** Renders the whole public site as mirror files (nothing written). */
export async function renderMirror(deps: Pick<AppDeps, 'db' | 'clock'>, baseUrl: string): Promise<SiteFile[]> {
  const now = deps.clock();
  const snapshot = await publicSnapshot(deps.db, new PlanCache(), now);
  return renderSite(snapshot, { mode: 'static', baseUrl, now: now.getTime() });
}

/**
 * Writes the mirror into `outDir`: each file is written beside itself and renamed into place, so that
 * a web server reading the directory meanwhile never serves half a page. Returns the files written.
 */
export async function writeMirror(deps: Pick<AppDeps, 'db' | 'clock'>, outDir: string, baseUrl: string) {
  const files = await renderMirror(deps, baseUrl);
  for (const f of files) {
    const target = path.join(outDir, ...f.file.split('/'));
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    await fs.writeFile(temporary, f.body);
    await fs.rename(temporary, target);
  }
  return files.map((f) => f.file);
}
