import { hashPacked, pack } from './packing.js';
import type { JobInput, JobKind, JobOutput, Planner } from './planner.js';

/**
 * The cache the plan and the advice share: results by key, a few entries with the least recently used
 * out first, and one computation for all who ask for a key while it runs. A failure is not kept.
 */
export class Memo<T> {
  private readonly entries = new Map<string, T>();
  private readonly inFlight = new Map<string, Promise<T>>();
  hits = 0;
  misses = 0;

  /** At most `size` results are kept. */
  constructor(private readonly size: number) {}

  /** The result for `key`: kept, being computed, or computed now by `compute`. */
  get(key: string, compute: () => Promise<T>): Promise<T> {
    const found = this.entries.get(key);
    if (found !== undefined) {
      this.hits++;
      // Re-insert so that the least recently used entry is the first to go.
      this.entries.delete(key);
      this.entries.set(key, found);
      return Promise.resolve(found);
    }
    const running = this.inFlight.get(key);
    if (running) {
      this.hits++;
      return running;
    }
    this.misses++;
    const computing = compute().then(
      (value) => {
        this.inFlight.delete(key);
        this.entries.set(key, value);
        if (this.entries.size > this.size) {
          const oldest = this.entries.keys().next().value;
          if (oldest !== undefined) this.entries.delete(oldest);
        }
        return value;
      },
      (error: unknown) => {
        // The next request tries again.
        this.inFlight.delete(key);
        throw error;
      },
    );
    this.inFlight.set(key, computing);
    return computing;
  }
}

/**
 * A planner job cached by its input's content: the input packed once (giving way between slices),
 * hashed for the key, and handed to the planner as it is, so the catalogue is walked once.
 */
export async function cachedJob<K extends JobKind>(
  memo: Memo<JobOutput<K>>,
  planner: Planner,
  kind: K,
  input: JobInput<K>,
): Promise<JobOutput<K>> {
  const packed = await pack(input);
  return memo.get(hashPacked(packed), () => planner.run(kind, input, packed));
}
