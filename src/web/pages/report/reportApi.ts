import type { Static } from '@sinclair/typebox';
import type {
  ReportContentSchema,
  ReportForm,
  ReportResponse,
  ReportWriteBody,
} from '../../../server/situation/reports.schemas.js';
import { request } from '../../api.js';

/** What GET /api/report-form gives the form. */
export type ReportFormData = Static<typeof ReportForm>;

/** A report as the API returns it. */
export type ReportView = Static<typeof ReportResponse>['report'];

/** The form's content, as sent. */
export type ReportContent = Static<typeof ReportContentSchema>;

/** A unit's report for a deadline, as sent. */
export type ReportWrite = Static<typeof ReportWriteBody>;

function formQuery(unitId: string | null, cycleAt: string | null): string {
  const q = new URLSearchParams();
  if (unitId) q.set('unit_id', unitId);
  if (cycleAt) q.set('cycle_at', cycleAt);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The report form's calls of the HTTP API (docs/api.md, "Situation reports"). */
export const reportApi = {
  form: (unitId: string | null, cycleAt: string | null) =>
    request<ReportFormData>('GET', `/api/report-form${formQuery(unitId, cycleAt)}`),
  saveDraft: (body: ReportWrite) => request<Static<typeof ReportResponse>>('POST', '/api/reports/draft', { body }),
  submit: (body: ReportWrite, key: string) =>
    request<Static<typeof ReportResponse>>('POST', '/api/reports/submit', {
      body,
      headers: { 'idempotency-key': key },
    }),
  amend: (id: string, content: ReportContent, key: string) =>
    request<Static<typeof ReportResponse>>('POST', `/api/reports/${encodeURIComponent(id)}/amend`, {
      body: { content },
      headers: { 'idempotency-key': key },
    }),
};
