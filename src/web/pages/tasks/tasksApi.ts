import type { DeadlineUnit, ObligationState, TaskStatus } from '../../../domain/tasks/tasks.js';
import { request } from '../../api.js';

/** A task as GET /api/tasks gives it. */
export interface TaskItem {
  id: string;
  title: string;
  description: string;
  assignee_user_id: string | null;
  assignee_unit_id: string | null;
  due_at: string | null;
  status: TaskStatus;
  overdue: boolean;
  report: string | null;
  reported_at: string | null;
  reported_by_label: string | null;
  created_at: string;
  created_by_label: string;
  may_report: boolean;
}

/** GET /api/tasks. */
export interface TaskListResponse {
  now: string;
  time_zone: string;
  incident_id: string | null;
  overdue_count: number;
  tasks: TaskItem[];
  people: { id: string; name: string }[];
  units: { id: string; name: string }[];
}

/** An obligation of the active incident. */
export interface ObligationItem {
  id: string;
  title: string;
  recipient: string;
  basis: string;
  deadline_at: string;
  state: ObligationState;
  overdue: boolean;
  sent_at: string | null;
  note: string | null;
  by_label: string | null;
  at: string | null;
}

/** GET /api/obligations. */
export interface ObligationListResponse {
  now: string;
  time_zone: string;
  incident: { id: string; title: string; detected_at: string } | null;
  obligations: ObligationItem[];
  next_pending: ObligationItem | null;
}

/** An obligation template. */
export interface TemplateItem {
  id: string;
  title: string;
  recipient: string;
  basis: string;
  deadline_amount: number;
  deadline_unit: DeadlineUnit;
}

/** The new task form's fields. */
export interface NewTask {
  title: string;
  description: string;
  assignee_user_id: string | null;
  assignee_unit_id: string | null;
  due_at: string | null;
}

/** Typed calls of docs/api.md, "Tasks" and "Obligations". */
export const tasksApi = {
  tasks: (filter: 'all' | 'mine' | 'overdue') =>
    request<TaskListResponse>('GET', `/api/tasks${filter === 'all' ? '' : `?${filter}=true`}`),
  createTask: (body: NewTask) => request<{ task: TaskItem }>('POST', '/api/tasks', { body }),
  cancelTask: (id: string) =>
    request<{ task: TaskItem }>('PATCH', `/api/tasks/${encodeURIComponent(id)}`, { body: { status: 'cancelled' } }),
  reportTask: (id: string, text: string) =>
    request<{ task: TaskItem }>('POST', `/api/tasks/${encodeURIComponent(id)}/report`, { body: { text } }),
  obligations: () => request<ObligationListResponse>('GET', '/api/obligations'),
  markSent: (id: string, note: string) =>
    request<{ obligation: ObligationItem }>('POST', `/api/obligations/${encodeURIComponent(id)}/sent`, {
      body: { note },
    }),
  markNotApplicable: (id: string, reason: string) =>
    request<{ obligation: ObligationItem }>('POST', `/api/obligations/${encodeURIComponent(id)}/not-applicable`, {
      body: { reason },
    }),
  templates: () => request<{ templates: TemplateItem[] }>('GET', '/api/obligation-templates'),
  saveTemplates: (templates: TemplateItem[]) =>
    request<{ templates: TemplateItem[] }>('PUT', '/api/obligation-templates', { body: { templates } }),
};
