import type { Generated } from 'kysely';

/** Row of `outbox`: an event written with its change, published after commit; JSON text in `audience` and `data`. */
export interface OutboxTable {
  id: Generated<number>;
  type: string;
  audience: string;
  data: string;
  at: string;
}
