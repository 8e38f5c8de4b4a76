import type { Db } from '../../store/database.js';
import type { AppDeps } from '../deps.js';

/** Placeholder: returns the one-time set-up link while no user exists. */
export async function ensureSetupLink(
  _db: Db,
  _deps: Pick<AppDeps, 'clock' | 'ids' | 'config'>,
): Promise<string | null> {
  return null;
}
