import type { ReportContent } from './reportApi.js';

/** What the device keeps of a report until the server has it: the text and the key of the pending send. */
export interface LocalDraft {
  content: ReportContent;
  /** The Idempotency-Key of the submit or amendment being attempted; null until one is. */
  key: string | null;
  saved_at: string;
}

const PREFIX = 'lifeboat.report.';

/** The storage key of one user's draft for one unit and one deadline. */
export function draftKey(userId: string, unitId: string, cycleAt: string): string {
  return `${PREFIX}${userId}.${unitId}.${cycleAt}`;
}

/** The kept draft, or null (none, unreadable, or no storage). */
export function loadDraft(key: string): LocalDraft | null {
  try {
    const text = window.localStorage.getItem(key);
    if (!text) return null;
    const value = JSON.parse(text) as LocalDraft;
    return value && typeof value === 'object' && value.content ? value : null;
  } catch {
    return null;
  }
}

/** Keeps a draft; false when the device would not store it (private mode, full). */
export function storeDraft(key: string, draft: LocalDraft): boolean {
  try {
    window.localStorage.setItem(key, JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

/** Forgets a draft once the server has confirmed it. */
export function clearDraft(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Nothing was stored.
  }
}

/** A fresh idempotency key: a UUID where the browser has one, else random hex. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
