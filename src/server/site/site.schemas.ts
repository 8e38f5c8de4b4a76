/** The schemas of the public site's one JSON API, `/status.json` (docs/api.md, "Public site"). */
import { type TSchema, Type } from '@sinclair/typebox';
import { SYSTEM_STATUSES } from '../../domain/catalogue/types.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** `?lang=`: a language of the site (the organisation's when absent). Other parameters are ignored. */
export const SiteQuery = Type.Object({
  lang: Type.Optional(Type.String({ enum: ['sv', 'en'], description: 'the language of the texts' })),
});

/** GET /status.json: the public services' status, for partners' dashboards and scripts. */
export const StatusJsonSchema = Type.Object({
  organisation: Type.String(),
  language: Type.String({ description: 'the language of `status_text` and titles' }),
  incident: Type.Object({
    state: Type.String({ enum: ['ongoing', 'none'], description: '`none` also while only an exercise runs' }),
    since: Nullable(Type.String({ description: 'when the disruption began (ISO 8601)' })),
  }),
  services: Type.Array(
    Type.Object({
      key: Type.String({ description: 'a stable key made from the public name' }),
      name: Type.String({ description: 'the public name' }),
      status: Type.String({ enum: [...SYSTEM_STATUSES] }),
      status_text: Type.String({ description: 'the status in words, in `language`' }),
      help: Nullable(Type.String({ description: 'how to get help meanwhile' })),
      expected_back: Nullable(
        Type.Object(
          { from: Type.String(), to: Type.String() },
          {
            description: 'the expected return as a range (the plan’s P50 to P90, rounded to the hour), where published',
          },
        ),
      ),
    }),
  ),
  latest_update: Nullable(
    Type.Object({
      title: Type.String(),
      url: Type.String(),
      published_at: Type.String(),
      amended_at: Nullable(Type.String()),
    }),
  ),
  next_update_at: Nullable(Type.String({ description: 'the next update comes by then at the latest' })),
  next_update_overdue: Type.Boolean(),
  updated_at: Nullable(Type.String({ description: 'when anything shown last changed' })),
});
