import { createContext, useContext } from 'react';
import type { Session } from './api.js';

/** Where the visitor stands: loading, anonymous, half-way through the second factor, or in. */
export type AuthState =
  | { status: 'loading' }
  | { status: 'anonymous'; setupNeeded: boolean }
  | { status: 'pending'; session: Session }
  | { status: 'ok'; session: Session };

interface SessionApi {
  auth: AuthState;
  /** Call with the answer of login, set-up, invitation, TOTP verify or `me`. */
  signedIn: (session: Session) => void;
  /** Re-reads `GET /api/auth/me` (after TOTP enrolment, for instance). */
  refresh: () => Promise<void>;
  signedOut: () => void;
}

/** The session shared by every page. */
export const SessionContext = createContext<SessionApi>({
  auth: { status: 'loading' },
  signedIn: () => {},
  refresh: async () => {},
  signedOut: () => {},
});

/** The session and what changes it. */
export function useSession(): SessionApi {
  return useContext(SessionContext);
}

/** The signed-in session; pages behind the login call this only when it exists. */
export function useSessionUser() {
  const { auth } = useSession();
  if (auth.status !== 'ok') throw new Error('useSessionUser outside a signed-in page');
  return auth.session.user;
}
