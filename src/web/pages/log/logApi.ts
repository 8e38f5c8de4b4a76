import { request } from '../../api.js';

/** One entry of the event log as GET /api/log gives it. */
export interface LogEntry {
  id: string;
  incident_id: string | null;
  at: string;
  recorded_at: string;
  kind: string;
  author: string;
  system: { id: string; name: string } | null;
  unit: { id: string; name: string } | null;
  text: string | null;
  data: { [key: string]: unknown };
}

/** A page of the log and the incident it shows. */
export interface LogPage {
  entries: LogEntry[];
  next_cursor: string | null;
  incident: { id: string; title: string; exercise: boolean } | null;
}

/** The filters of the log and its exports, as the API names them (times as ISO instants). */
export interface LogFilters {
  kind?: string;
  system?: string;
  unit?: string;
  author?: string;
  from?: string;
  to?: string;
  q?: string;
}

/** A manual entry as POST /api/log takes it. */
export interface ManualEntry {
  text: string;
  at?: string;
  system_id?: string;
  unit_id?: string;
}

/** The filters as a query string, without empty ones. */
export function logQuery(filters: LogFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) if (value) params.set(key, value);
  return params.toString();
}

/** The event log's calls. */
export const logApi = {
  list: (filters: LogFilters, page: { limit: number; cursor?: string }) =>
    request<LogPage>(
      'GET',
      `/api/log?${logQuery(filters, { limit: String(page.limit), ...(page.cursor ? { cursor: page.cursor } : {}) })}`,
    ),
  add: (entry: ManualEntry) => request<{ entry: LogEntry }>('POST', '/api/log', { body: entry }),
  exportHref: (format: 'csv' | 'json', filters: LogFilters) => {
    const query = logQuery(filters);
    return `/api/log/export.${format}${query ? `?${query}` : ''}`;
  },
};
