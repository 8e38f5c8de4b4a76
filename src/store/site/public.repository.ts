/**
 * The one read of public data: every public page, feed and mirror is rendered from what this module
 * returns, and it reads only what may be public (issue 10, "Never leak"): published content of notices
 * of incidents that are not exercises, systems by their public names, and which forecasts are published.
 * Working texts, internal names, reports, needs and logs are never selected here.
 */
import type { Organisation, SystemStatus } from '../../domain/catalogue/types.js';
import type { PublishedNotice } from '../../domain/site/notice.js';
import { type PublicService, type PublicSnapshot, serviceKey } from '../../domain/site/public.js';
import { getOrganisation } from '../catalogue/catalogue.repository.js';
import type { Db } from '../database.js';

/** The snapshot, and which services' expected return the server must date from the plan. */
export interface PublicRead {
  snapshot: PublicSnapshot;
  /** Services whose forecast is published and that are not back yet: the key, and the system to plan. */
  forecasts: { key: string; system_id: string }[];
}

const latest = (times: (string | null | undefined)[]): string | null =>
  times.reduce<string | null>((a, t) => (t && (a === null || t > a) ? t : a), null);

// One text stands for the organisation's language (it is written in it), so that other pages mark it with `lang`.
function helpOf(json: string | null, locale: string): PublicService['help'] {
  if (json === null) return null;
  const help = JSON.parse(json) as string | Record<string, string>;
  return typeof help === 'string' ? { [locale]: help } : help;
}

/** Reads everything the public site shows, in one snapshot (pass a transaction for a consistent read). */
export async function readPublicSnapshot(db: Db, fallback: Organisation): Promise<PublicRead> {
  const organisation = (await getOrganisation(db)) ?? fallback;
  const open = await db
    .selectFrom('incidents')
    .select(['id', 'detected_at'])
    .where('closed_at', 'is', null)
    .where('exercise', '=', 0)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();

  const noticeRows = await db
    .selectFrom('notices')
    .innerJoin('incidents', 'incidents.id', 'notices.incident_id')
    .select(['notices.published_content'])
    .where('incidents.exercise', '=', 0)
    .where('notices.published_content', 'is not', null)
    .execute();
  const notices = noticeRows
    .map((r) => JSON.parse(r.published_content as string) as PublishedNotice)
    .sort((a, b) =>
      a.published_at === b.published_at ? a.id.localeCompare(b.id) : a.published_at < b.published_at ? 1 : -1,
    );

  const services: PublicService[] = [];
  const forecasts: PublicRead['forecasts'] = [];
  let servicesChanged: string | null = null;
  if (open) {
    const rows = await db
      .selectFrom('systems')
      .leftJoin('public_forecasts', 'public_forecasts.system_id', 'systems.id')
      .select([
        'systems.id',
        'systems.public_name',
        'systems.public_help',
        'systems.status',
        'systems.position',
        'public_forecasts.system_id as forecast',
        'systems.updated_at',
        'public_forecasts.updated_at as forecast_at',
      ])
      .where('systems.public_name', 'is not', null)
      .orderBy('systems.position')
      .execute();
    const used = new Set<string>();
    for (const r of rows) {
      const name = (r.public_name ?? '').trim();
      if (!name) continue;
      let key = serviceKey(name);
      for (let n = 2; used.has(key); n++) key = `${serviceKey(name)}-${n}`;
      used.add(key);
      const status = r.status as SystemStatus;
      services.push({ key, name, status, help: helpOf(r.public_help, organisation.locale), expected: null });
      if (r.forecast && status !== 'operational') forecasts.push({ key, system_id: r.id });
      servicesChanged = latest([servicesChanged, r.updated_at, r.forecast_at]);
    }
    servicesChanged = latest([servicesChanged, open.detected_at]);
  }

  const updated_at = latest([servicesChanged, ...notices.map((n) => n.amended_at ?? n.published_at)]);
  return {
    snapshot: {
      organisation: { name: organisation.name, locale: organisation.locale, timezone: organisation.timezone },
      incident: open ? { detected_at: open.detected_at } : null,
      services,
      notices,
      updated_at,
    },
    forecasts,
  };
}
