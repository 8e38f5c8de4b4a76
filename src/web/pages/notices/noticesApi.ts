import type { Static } from '@sinclair/typebox';
import type { NoticeStatus } from '../../../domain/site/notices.js';
import type {
  NoticeList,
  NoticePrint,
  NoticeSchema,
  NoticeTextBody,
  PublicServiceList,
  PublicServiceSchema,
  SiteLanguages,
} from '../../../server/notices/notices.schemas.js';
import { request } from '../../api.js';

/** GET /api/notices. */
export type NoticeListResponse = Static<typeof NoticeList>;
/** One update with its texts, history and what the caller may do. */
export type NoticeItem = Static<typeof NoticeSchema>;
/** One language's text to save. */
export type NoticeTextInput = Static<typeof NoticeTextBody>;
/** GET /api/notices/:id/print. */
export type NoticePrintResponse = Static<typeof NoticePrint>;
/** The site's languages. */
export type SiteLanguagesResponse = Static<typeof SiteLanguages>;
/** GET /api/public-services. */
export type PublicServicesResponse = Static<typeof PublicServiceList>;
/** One public service. */
export type PublicService = Static<typeof PublicServiceSchema>;

const one = (id: string) => `/api/notices/${encodeURIComponent(id)}`;

/** Typed calls of docs/api.md, "Public updates". */
export const noticesApi = {
  list: (status: NoticeStatus | '') =>
    request<NoticeListResponse>('GET', `/api/notices${status ? `?status=${status}` : ''}`),
  create: (title: string) => request<{ notice: NoticeItem }>('POST', '/api/notices', { body: { title } }),
  get: (id: string) => request<{ notice: NoticeItem }>('GET', one(id)),
  saveText: (id: string, lang: string, body: NoticeTextInput) =>
    request<{ notice: NoticeItem }>('PUT', `${one(id)}/texts/${encodeURIComponent(lang)}`, { body }),
  setNextUpdate: (id: string, next_update_at: string | null) =>
    request<{ notice: NoticeItem }>('PATCH', one(id), { body: { next_update_at } }),
  act: (id: string, action: 'submit' | 'return' | 'publish' | 'amend') =>
    request<{ notice: NoticeItem }>('POST', `${one(id)}/${action}`),
  print: (id: string) => request<NoticePrintResponse>('GET', `${one(id)}/print`),
  languages: () => request<SiteLanguagesResponse>('GET', '/api/site/languages'),
  saveLanguages: (extra: string[]) => request<SiteLanguagesResponse>('PUT', '/api/site/languages', { body: { extra } }),
  services: () => request<PublicServicesResponse>('GET', '/api/public-services'),
  setForecast: (systemId: string, shown: boolean) =>
    request<{ service: PublicService }>('PUT', `/api/public-services/${encodeURIComponent(systemId)}/forecast`, {
      body: { shown },
    }),
};
