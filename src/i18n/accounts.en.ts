import type { accountsSv } from './accounts.sv.js';

/** English texts of sessions, API token kinds and account locks (spread into en.ts); a missing key fails the type check. */
export const accountsEn: { readonly [K in keyof typeof accountsSv]: string } = {
  'accounts.tokenReadOnly': 'Read only (cannot change anything)',
  'accounts.tokenDays': 'Valid for days',
  'accounts.tokenDaysHint': 'At most 3650. Without a value the token lasts 90 days.',
  'accounts.tokenDaysInvalid': 'Give a whole number from 1 to 3650.',
  'accounts.col.access': 'Access',
  'accounts.col.expires': 'Expires',
  'accounts.readOnly': 'Read',
  'accounts.readWrite': 'Read and write',
  'accounts.mySessionsCaption': 'Your sessions',
  'accounts.col.started': 'Started',
  'accounts.col.seen': 'Last active',
  'accounts.col.from': 'From',
  'accounts.current': 'This browser',
  'accounts.endSession': 'End the session started {started}',
  'accounts.endSessionShort': 'End',
  'accounts.sessionEnded': 'The session is ended.',
  'accounts.unlock': 'Unlock logins for {name}',
  'accounts.unlockShort': 'Unlock',
  'accounts.unlocked': 'Logins for {name} are unlocked.',
  'accounts.totpResetLink':
    'Two-step verification for {name} is reset. They set up a new one with the link below, not with the password alone.',
};
