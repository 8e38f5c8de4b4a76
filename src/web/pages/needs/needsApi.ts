import type { Static } from '@sinclair/typebox';
import type {
  NeedDetail,
  NeedList,
  NeedQuery,
  NeedResponse,
  NeedSchema,
  RaiseNeedBody,
  TriageNeedBody,
} from '../../../server/situation/needs.schemas.js';
import { request } from '../../api.js';

/** A need as the API gives it, with names and what the caller may do. */
export type Need = Static<typeof NeedSchema>;

/** GET /api/needs: the board's needs, counts and names. */
export type NeedListResponse = Static<typeof NeedList>;

/** GET /api/needs/:id: one need and its log. */
export type NeedDetailResponse = Static<typeof NeedDetail>;

/** The board's filters. */
export type NeedFilter = Static<typeof NeedQuery>;

/** A new need's fields. */
export type NewNeed = Static<typeof RaiseNeedBody>;

/** A triage change. */
export type NeedTriage = Static<typeof TriageNeedBody>;

function query(filter: NeedFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

const path = (id: string) => `/api/needs/${encodeURIComponent(id)}`;

/** Typed calls of docs/api.md, "Needs". */
export const needsApi = {
  list: (filter: NeedFilter) => request<NeedListResponse>('GET', `/api/needs${query(filter)}`),
  get: (id: string) => request<NeedDetailResponse>('GET', path(id)),
  raise: (body: NewNeed) => request<Static<typeof NeedResponse>>('POST', '/api/needs', { body }),
  triage: (id: string, body: NeedTriage) => request<Static<typeof NeedResponse>>('PATCH', path(id), { body }),
  note: (id: string, note: string) =>
    request<Static<typeof NeedResponse>>('POST', `${path(id)}/notes`, { body: { note } }),
};
