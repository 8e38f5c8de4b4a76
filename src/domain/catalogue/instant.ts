/** Instants as a catalogue file writes them (ISO 8601 with an offset), read without a time zone database. */

/** Epoch ms of an ISO 8601 instant with offset, or null when its fields do not exist (the schema checks the shape). */
export function instantMs(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, m[7] ? Math.round(Number(`0${m[7]}`) * 1000) : 0);
  const d = new Date(wall);
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  const zone = m[8];
  if (zone === 'Z') return wall;
  const sign = zone[0] === '-' ? -1 : 1;
  return wall - sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
}
