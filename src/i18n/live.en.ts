import type { liveSv } from './live.sv.js';

/** English texts of the live-update indicator (spread into en.ts). */
export const liveEn: Record<keyof typeof liveSv, string> = {
  'live.open': 'Live',
  'live.connecting': 'Connecting…',
  'live.reconnecting': 'Connection lost – retrying. The page may be out of date.',
  'live.off': 'Not updating live – reload the page.',
};
