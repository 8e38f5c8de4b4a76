import type { auditSv } from './audit.sv.js';

/** English texts of the audit log's chain, filters and refusals (spread into en.ts); a missing key fails the type check. */
export const auditEn: { readonly [K in keyof typeof auditSv]: string } = {
  'audit.filters': 'Filter events',
  'audit.filter.action': 'Event',
  'audit.filter.anyAction': 'All events',
  'audit.filter.actor': 'Who or address',
  'audit.filter.actorHint': 'E-mail address, user id or client address.',
  'audit.filter.from': 'From',
  'audit.filter.to': 'Until',
  'audit.filter.timeHint': 'Swedish time.',
  'audit.filter.apply': 'Show',
  'audit.filter.clear': 'Clear filters',
  'audit.col.ip': 'Address',
  'audit.times': '{count} times',
  'audit.head': 'Head of the chain after event {seq}:',
  'audit.headHint':
    'Keep the head outside Lifeboat: lifeboat verify-log --head then shows that no event was changed, removed or cut off.',
  'audit.shownMore': 'Showing {count} events.',
  'audit.action.access_refused_unauthenticated': 'Refused: not signed in',
  'audit.action.access_refused_forbidden': 'Refused: role does not allow it',
  'audit.action.access_refused_csrf': 'Refused: CSRF check',
  'audit.action.access_refused_overflow': 'Refused: many different attempts',
  'audit.action.access_refused_other_unit': "Refused: another unit's records",
  'audit.key.status': 'HTTP status',
  'audit.key.code': 'Code',
  'audit.key.window': 'From',
  'audit.key.note': 'Note',
  'audit.value.unauthenticated': 'not signed in',
  'audit.value.totp_required': 'two-step verification missing',
  'audit.value.forbidden': 'not allowed',
  'audit.value.csrf_failed': 'CSRF token missing or wrong',
};
