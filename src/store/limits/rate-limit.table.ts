/** Row of `rate_limits`: how many requests one key made in its current window. */
export interface RateLimitTable {
  key: string;
  /** ISO 8601: when the current window began. */
  window_start: string;
  hits: number;
}
