import { useEffect, useState } from 'react';
import { ID_PATTERN, type Team, type Unit } from '../domain/catalogue/types.js';
import { api } from './api.js';
import type { T } from './i18n.js';

/** Names of units and teams by id, for showing names instead of ids. */
export interface Lookups {
  units: Map<string, Unit>;
  teams: Map<string, Team>;
}

/** Loads units and teams once; a role that may not list them (a reporter) just gets fewer names. */
export function useLookups(): Lookups {
  const [lookups, setLookups] = useState<Lookups>({ units: new Map(), teams: new Map() });
  useEffect(() => {
    let live = true;
    Promise.all([
      api.units().then(
        (r) => r.units,
        () => [] as Unit[],
      ),
      api.teams().then(
        (r) => r.teams,
        () => [] as Team[],
      ),
    ]).then(([units, teams]) => {
      if (live)
        setLookups({ units: new Map(units.map((u) => [u.id, u])), teams: new Map(teams.map((x) => [x.id, x])) });
    });
    return () => {
      live = false;
    };
  }, []);
  return lookups;
}

/** Compares two optional values, missing ones last whatever the direction. */
export function compareOptional<V extends string | number>(
  a: V | undefined | null,
  b: V | undefined | null,
  dir: 1 | -1,
  locale: string,
): number {
  const aMissing = a === undefined || a === null || a === '';
  const bMissing = b === undefined || b === null || b === '';
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return (a - b) * dir;
  return String(a).localeCompare(String(b), locale, { sensitivity: 'base', numeric: true }) * dir;
}

/** Problems with a new record's id and name found before sending (the API checks again). */
export function idAndNameProblems(id: string, name: string, t: T): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!id.trim()) problems.id = t('common.required', { field: t('sf.id').toLowerCase() });
  else if (!ID_PATTERN.test(id.trim())) problems.id = t('system.idInvalid');
  if (!name.trim()) problems.name = t('common.required', { field: t('sf.name').toLowerCase() });
  return problems;
}
