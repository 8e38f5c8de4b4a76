/**
 * A synthetic catalogue of any size in the DESIGN.md format, the same shape `bench/gen-catalogue.mjs`
 * writes (foundations first, each system depending on a few earlier ones): for tests that need a big,
 * valid catalogue without a file.
 */

/** A catalogue of `systems` systems as JSON text, the same for the same seed. */
export function bigCatalogueJson(systems: number, seed = 7, teamCount = 8): string {
  let state = seed;
  const rnd = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const pick = (n: number) => Math.floor(rnd() * n);
  const teams = Array.from({ length: teamCount }, (_, i) => ({
    id: `team-${i}`,
    name: `Team ${i}`,
    capacity: 2 + pick(4),
  }));
  const units = Array.from({ length: 20 }, (_, i) => ({
    id: `unit-${i}`,
    name: `Unit ${i}`,
    kind: i < 14 ? 'office' : 'company',
  }));
  const list = [];
  for (let i = 0; i < systems; i++) {
    const kind = i < Math.max(5, systems * 0.05) ? 'infrastructure' : i < systems * 0.2 ? 'platform' : 'application';
    const deps = new Set<string>();
    if (i > 0) {
      const k = kind === 'infrastructure' ? Math.min(i, 1 + pick(2)) : 1 + pick(6);
      for (let j = 0; j < k; j++) {
        // Mostly on the foundations, sometimes on any earlier system: no cycles by construction.
        const limit = rnd() < 0.6 ? Math.max(1, Math.floor(Math.min(i, systems * 0.2))) : i;
        deps.add(`s${pick(limit)}`);
      }
    }
    const likely = 1 + pick(40);
    list.push({
      id: `s${i}`,
      name: `System ${i}`,
      kind,
      owner: units[pick(units.length)]?.id,
      team: rnd() < 0.97 ? teams[pick(teamCount)]?.id : undefined,
      depends_on: [...deps],
      society: 1 + pick(5),
      organisation: 1 + pick(5),
      rto_hours: [4, 8, 24, 48, 72, 168][pick(6)],
      estimate_hours: { low: Math.max(0.5, likely * 0.5), likely, high: likely * (1.5 + rnd() * 2) },
    });
  }
  const organisation = { name: 'Synthetic', locale: 'en', timezone: 'Europe/Stockholm' };
  return JSON.stringify({ version: 1, organisation, teams, units, systems: list });
}
