/**
 * The public site in memory: every page and feed rendered when something changes (not per request),
 * kept with its gzip and Brotli bodies and a strong ETag. Each server re-renders when its live hub
 * delivers a change (on PostgreSQL, NOTIFY reaches every server), when an update's promised time passes
 * (so "overdue" shows on time), and on a slow periodic refresh. A failed rebuild keeps the old pages:
 * a stale page beats no page in a crisis.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { EventType } from '../../domain/live/events.js';
import type { Locale } from '../../i18n/index.js';
import { nextChangeAt, renderSite, type SiteFile } from '../../site/site.js';
import type { AppDeps } from '../deps.js';
import { PlanCache } from '../plan/plan.service.js';
import { publicSnapshot } from './site.service.js';

/** The live events after which the public site is rendered again. */
export const SITE_EVENTS: readonly EventType[] = [
  'site.changed',
  'system.status',
  'catalogue.changed',
  'incident.changed',
];

/** One cached resource with its encodings. */
export interface CachedFile {
  contentType: string;
  /** The strong ETag of the identity body; the encoded bodies add `-br` / `-gz` inside the quotes. */
  etag: string;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
}

/** How the cache behaves; tests shorten the refresh. */
export interface SiteCacheOptions {
  /** A full re-render this often anyway (ms). */
  refreshMs: number;
}

/** Serves the rendered public site from memory. */
export class SiteCache {
  private files = new Map<string, CachedFile>();
  private notFound = new Map<Locale, CachedFile>();
  private defaultLang: Locale = 'sv';
  private languages: Locale[] = ['sv', 'en'];
  private readonly plans: PlanCache;
  private building: Promise<void> | null = null;
  private again = false;
  private first: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private dueTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;
  /** How many times the site was rendered (tests and the bench read it). */
  renders = 0;

  constructor(
    private readonly deps: Pick<AppDeps, 'db' | 'clock' | 'config' | 'live' | 'plans'>,
    private readonly options: SiteCacheOptions = { refreshMs: 60_000 },
  ) {
    // The app's one cache, shared with the plan API and the picture: one computation per catalogue change.
    this.plans = deps.plans ?? new PlanCache();
  }

  /** Listens for changes and starts the periodic refresh; the first rendering starts now. */
  start(): void {
    this.unsubscribe = this.deps.live?.subscribe((events) => {
      if (events.some((e) => SITE_EVENTS.includes(e.type))) void this.rebuild();
    });
    this.timer = setInterval(() => void this.rebuild(), this.options.refreshMs);
    this.timer.unref();
    this.first = this.rebuild();
  }

  /** Stops listening and refreshing. */
  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    clearInterval(this.timer);
    clearTimeout(this.dueTimer);
  }

  /** Renders everything again; concurrent calls coalesce into at most one more rendering, after a pause. */
  rebuild(): Promise<void> {
    if (this.building) {
      this.again = true;
      return this.building;
    }
    this.building = (async () => {
      do {
        this.again = false;
        const started = performance.now();
        try {
          await this.render();
        } catch {
          // The database is away for a moment: keep serving what was rendered last.
        }
        // Changes that came meanwhile wait as long as this rendering took: under a stream of events (a thousand
        // updates, a catalogue whose plan takes a second) the site then takes at most about half of the main
        // thread, and the staff's API keeps answering.
        if (this.again && !this.stopped) await new Promise((r) => setTimeout(r, performance.now() - started));
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.building = null;
    });
    return this.building;
  }

  /** The cached resource at a live path in a language, waiting for the first rendering. */
  async get(path: string, lang: string | undefined): Promise<CachedFile | undefined> {
    if (this.files.size === 0) await (this.first ?? this.rebuild());
    const l = this.languageOf(lang);
    return this.files.get(`${path}|${l}`);
  }

  /** The not-found page in a language. */
  async missing(lang: string | undefined): Promise<CachedFile | undefined> {
    if (this.files.size === 0) await (this.first ?? this.rebuild());
    return this.notFound.get(this.languageOf(lang));
  }

  private languageOf(lang: string | undefined): Locale {
    return this.languages.find((l) => l === lang) ?? this.defaultLang;
  }

  private async render(): Promise<void> {
    const now = this.deps.clock();
    const snapshot = await publicSnapshot(this.deps.db, this.plans, now);
    const rendered = renderSite(snapshot, { mode: 'live', baseUrl: this.deps.config.publicUrl, now: now.getTime() });
    const files = new Map<string, CachedFile>();
    const notFound = new Map<Locale, CachedFile>();
    for (const f of rendered) {
      const key = `${f.path}|${f.lang}`;
      const old = f.path === '' ? this.notFound.get(f.lang) : this.files.get(key);
      // One file at a time, off the main thread: with a thousand updates the feeds are megabytes, and Brotli
      // at quality 11 takes seconds that the server must spend answering requests meanwhile.
      const cached = old && old.identity.toString('utf8') === f.body ? old : await encode(f);
      if (f.path === '') notFound.set(f.lang, cached);
      else files.set(key, cached);
    }
    this.files = files;
    this.notFound = notFound;
    this.defaultLang = snapshot.organisation.locale;
    this.languages = [...new Set(rendered.map((f) => f.lang))];
    this.renders++;
    clearTimeout(this.dueTimer);
    // A rendering still encoding when the app closed must not arm a timer that reads a closed database.
    if (this.stopped) return;
    const due = nextChangeAt(snapshot, now.getTime());
    // The promised time of the next update is often hours away; a timer that long would be cut to 24.8 days
    // by Node anyway, and the periodic refresh covers any drift of the clock.
    if (due !== null && due - now.getTime() < 2 ** 31 - 1) {
      this.dueTimer = setTimeout(() => void this.rebuild(), due - now.getTime());
      this.dueTimer.unref();
    }
  }
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

async function encode(f: SiteFile): Promise<CachedFile> {
  const identity = Buffer.from(f.body, 'utf8');
  const hash = createHash('sha256').update(identity).digest('base64url').slice(0, 27);
  const [gz, br] = await Promise.all([
    gzipAsync(identity, { level: 9 }),
    brotliAsync(identity, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length },
    }),
  ]);
  return { contentType: f.contentType, etag: `"${hash}"`, identity, gzip: gz, br };
}
