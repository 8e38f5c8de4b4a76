import type { Db } from '../../store/database.js';
import type { AppDeps } from '../deps.js';

/** A demo account, printed on the console. */
export interface DemoAccount {
  email: string;
  role: string;
  password: string;
  unitId?: string;
}

/** Placeholder: fills an empty database with the demo municipality. */
export async function seedDemo(_db: Db, _deps: Pick<AppDeps, 'clock' | 'ids' | 'config'>): Promise<DemoAccount[]> {
  return [];
}
