import type { Generated, Selectable } from 'kysely';

/** Row of `users`; `totp_enabled` and `disabled` are 0/1. */
export interface UserTable {
  id: string;
  email: string;
  name: string;
  role: string;
  unit_id: string | null;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled: number;
  locale: string | null;
  disabled: number;
  failed_logins: number;
  /** The last accepted TOTP time step (replay guard). */
  totp_last_step: number | null;
  /** 1 after an admin reset: a new factor is enrolled only from a session started by the reset link. */
  totp_needs_link: Generated<number>;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

/** Row of `invitations`: one-time links (first set-up, invitation, reset). */
export interface InvitationTable {
  id: string;
  token_hash: string;
  purpose: string;
  user_id: string | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Row of `sessions`; the cookie holds a token whose hash is `token_hash`. */
export interface SessionTable {
  id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  totp_verified: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  ip: string | null;
  user_agent: string | null;
  /** 1 when the session was started by an invitation or reset link. */
  via_link: Generated<number>;
}

/** Row of `recovery_codes`. */
export interface RecoveryCodeTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
}

/** Row of `api_tokens`. */
export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  read_only: Generated<number>;
  expires_at: string | null;
}

/** Row of `login_failures`, keyed by e-mail or address, for back-off. */
export interface LoginFailureTable {
  key: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}

export type UserRow = Selectable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
