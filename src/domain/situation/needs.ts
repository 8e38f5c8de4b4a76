/**
 * Needs for support (behov): their categories, urgencies and lifecycle (DESIGN.md, "Needs"). Pure.
 */

/** What kind of support is needed. */
export const NEED_CATEGORIES = [
  'it',
  'staffing',
  'premises',
  'equipment',
  'communication',
  'transport',
  'information',
  'other',
] as const;
export type NeedCategory = (typeof NEED_CATEGORIES)[number];

/** How urgent a need is, least first. */
export const NEED_URGENCIES = ['low', 'medium', 'high', 'critical'] as const;
export type NeedUrgency = (typeof NEED_URGENCIES)[number];

/** `new → accepted → in_progress → fulfilled | declined`. */
export const NEED_STATUSES = ['new', 'accepted', 'in_progress', 'fulfilled', 'declined'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** A need as raised, before it is stored. */
export interface NeedInput {
  title: string;
  detail: string;
  category: NeedCategory;
  urgency: NeedUrgency;
  system_ids: string[];
}
