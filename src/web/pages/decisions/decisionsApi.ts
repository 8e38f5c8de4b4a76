import { request } from '../../api.js';

/** One entry of the decision log as GET /api/decisions gives it. */
export interface Decision {
  id: string;
  seq: number;
  incident_id: string | null;
  decided_at: string;
  recorded_at: string;
  decision: string;
  basis: string;
  decided_by: string;
  mandate: string;
  recorded_by_user_id: string | null;
  recorded_by_label: string;
  systems: string[];
  needs: string[];
  corrects: string | null;
  corrected_by: string[];
  prev_hash: string;
  hash: string;
}

/** The head of the chain: the last entry's position and hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** What the form sends. */
export interface DecisionDraft {
  decision: string;
  basis?: string;
  decided_by?: string;
  mandate?: string;
  decided_at?: string;
  systems?: string[];
}

/** The decision log's calls (docs/api.md, "Decisions"). */
export const decisionsApi = {
  list: (filter: { q?: string; system?: string }) => {
    const query = new URLSearchParams();
    if (filter.q) query.set('q', filter.q);
    if (filter.system) query.set('system', filter.system);
    const qs = query.toString();
    return request<{ decisions: Decision[]; order: 'newest' | 'seq'; head: ChainHead }>(
      'GET',
      `/api/decisions${qs ? `?${qs}` : ''}`,
    );
  },
  add: (body: DecisionDraft) => request<{ decision: Decision; head: ChainHead }>('POST', '/api/decisions', { body }),
  correct: (id: string, body: DecisionDraft) =>
    request<{ decision: Decision; head: ChainHead }>('POST', `/api/decisions/${encodeURIComponent(id)}/corrections`, {
      body,
    }),
};
