/**
 * The common situation picture (samlad lägesbild): built from the units' latest submitted reports, the open
 * needs, the systems in demand beside the plan's forecast, the decisions and the last approved picture
 * (DESIGN.md, "Situation reports"; issue 9, part 4). Pure: the clock and every record are passed in.
 */
import { isBack } from '../incident/board.js';
import type { Learning } from '../plan/actuals.js';
import { NEED_URGENCIES } from './needs.js';

/** A unit's overall state as reported, worst first; `no_report` when it has never submitted one. */
export const UNIT_STATES = ['severely_affected', 'affected', 'normal', 'no_report'] as const;
export type UnitState = (typeof UNIT_STATES)[number];

/** The need statuses that still ask something of the staff. */
const OPEN_NEEDS = new Set(['new', 'accepted', 'in_progress']);
const HOUR = 3_600_000;

/** A unit as the picture names it. */
export interface PictureUnitInput {
  id: string;
  name: string;
}

/** A unit's latest submitted report: the columns, and the form's `content` as stored (read leniently). */
export interface PictureReportInput {
  unit_id: string;
  cycle_at: string;
  submitted_at: string;
  overall: string | null;
  life_health_risk: boolean;
  late: boolean;
  content: unknown;
}

/** A need of the incident, whatever its status. */
export interface PictureNeedInput {
  id: string;
  unit_id: string;
  title: string;
  category: string;
  urgency: string;
  status: string;
  system_ids: string[];
  created_at: string;
}

/** A system with its status and the plan's forecast in elapsed hours from `now` (null: not in the plan). */
export interface PictureSystemInput {
  id: string;
  name: string;
  status: string;
  p50_h: number | null;
  p90_h: number | null;
}

/** A decision of the log. */
export interface PictureDecisionInput {
  id: string;
  seq: number;
  decided_at: string;
  recorded_at: string;
  decision: string;
  decided_by: string;
}

/** What the picture is built from. */
export interface PictureInput {
  now: Date;
  units: readonly PictureUnitInput[];
  /** At most one per unit: its latest submitted report. */
  reports: readonly PictureReportInput[];
  needs: readonly PictureNeedInput[];
  systems: readonly PictureSystemInput[];
  /** The incident's decisions; those recorded after the last approved picture are kept. */
  decisions: readonly PictureDecisionInput[];
  /** The last approved picture's content and when it was approved, or null for the first one. */
  previous: { content: PictureContent; approved_at: string; version: number } | null;
  /** What the plan's forecast learned from the recovery so far, when it learned (issue 11). */
  learning?: Learning;
}

/** One unit's line of the picture. */
export interface PictureUnit {
  unit_id: string;
  name: string;
  state: UnitState;
  cycle_at: string | null;
  submitted_at: string | null;
  /** Minutes since the report was submitted; null without one. */
  age_minutes: number | null;
  late: boolean;
  life_health_risk: boolean;
  situation: string;
  consequences: string;
}

/** A life-and-health flag: the unit and what it wrote about the risk. */
export interface PictureFlag {
  unit_id: string;
  name: string;
  consequences: string;
  submitted_at: string;
}

/** An open need, with its unit's name. */
export interface PictureNeed {
  id: string;
  unit_id: string;
  unit_name: string;
  title: string;
  category: string;
  urgency: string;
  status: string;
  system_ids: string[];
  created_at: string;
}

/** A unit that misses a system, and by when it needs it (null: not said or not a time). */
export interface DemandUnit {
  unit_id: string;
  name: string;
  need_by: string | null;
}

/** A system that units miss, beside its forecast; `late_units` need it before its P90. */
export interface PictureDemand {
  system_id: string;
  name: string;
  status: string;
  unit_count: number;
  units: DemandUnit[];
  earliest_need_by: string | null;
  p50_at: string | null;
  p90_at: string | null;
  late_units: DemandUnit[];
}

/** A unit whose state changed since the last approved picture. */
export interface StateChange {
  unit_id: string;
  name: string;
  from: UnitState;
  to: UnitState;
}

/** What changed since the last approved picture. */
export interface PictureChanges {
  since_version: number;
  since_at: string;
  units: StateChange[];
  new_flags: { unit_id: string; name: string }[];
  new_needs: { id: string; title: string; unit_name: string }[];
  closed_needs: { id: string; title: string; unit_name: string }[];
  systems_back: { id: string; name: string }[];
}

/** The common situation picture: what GET /api/picture shows and an approval freezes. */
export interface PictureContent {
  as_of: string;
  counts: Record<UnitState, number>;
  units: PictureUnit[];
  life_health: PictureFlag[];
  needs: PictureNeed[];
  demand: PictureDemand[];
  recovery: { back: number; total: number; back_ids: string[] };
  decisions: { id: string; seq: number; decided_at: string; decision: string; decided_by: string }[];
  /** Null for the first picture of an incident. */
  changes: PictureChanges | null;
  /** What the forecast had learned from the recovery so far; frozen with the picture at approval. */
  learning?: Learning;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** An instant as `toISOString` writes it, or null for anything that is not a time. */
function instant(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A report's overall state as the picture reads it: anything unknown counts as `affected`, never as normal. */
export function stateOf(overall: string | null): UnitState {
  if (overall === 'normal' || overall === 'affected' || overall === 'severely_affected') return overall;
  return 'affected';
}

/** The systems a report says the unit misses, with when it needs each (read leniently: junk is skipped). */
export function missingSystemsOf(content: unknown): { system_id: string; need_by: string | null }[] {
  const out: { system_id: string; need_by: string | null }[] = [];
  for (const item of list(record(content).missing_systems)) {
    const r = record(item);
    const id = text(r.system_id);
    if (id) out.push({ system_id: id, need_by: instant(r.need_by) });
  }
  return out;
}

const rank = (state: UnitState) => UNIT_STATES.indexOf(state);
const urgencyRank = (u: string) => {
  const i = (NEED_URGENCIES as readonly string[]).indexOf(u);
  return i < 0 ? -1 : i;
};
const earliest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/** Builds the common situation picture as it stands at `now`. */
export function buildPicture(input: PictureInput): PictureContent {
  const now = input.now.getTime();
  const names = new Map(input.units.map((u) => [u.id, u.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const reportOf = new Map(input.reports.map((r) => [r.unit_id, r]));

  const units: PictureUnit[] = input.units.map((u) => {
    const r = reportOf.get(u.id);
    if (!r)
      return {
        unit_id: u.id,
        name: u.name,
        state: 'no_report',
        cycle_at: null,
        submitted_at: null,
        age_minutes: null,
        late: false,
        life_health_risk: false,
        situation: '',
        consequences: '',
      };
    const content = record(r.content);
    return {
      unit_id: u.id,
      name: u.name,
      state: stateOf(r.overall),
      cycle_at: r.cycle_at,
      submitted_at: r.submitted_at,
      age_minutes: Math.max(0, Math.floor((now - Date.parse(r.submitted_at)) / 60_000)),
      late: r.late,
      life_health_risk: r.life_health_risk,
      situation: text(content.situation),
      consequences: text(content.consequences),
    };
  });
  units.sort(
    (a, b) => rank(a.state) - rank(b.state) || a.name.localeCompare(b.name, 'sv') || cmp(a.unit_id, b.unit_id),
  );
  const counts = Object.fromEntries(UNIT_STATES.map((s) => [s, 0])) as Record<UnitState, number>;
  for (const u of units) counts[u.state]++;

  const life_health: PictureFlag[] = units
    .filter((u) => u.life_health_risk && u.submitted_at !== null)
    .map((u) => ({
      unit_id: u.unit_id,
      name: u.name,
      consequences: u.consequences,
      submitted_at: u.submitted_at ?? '',
    }));

  const needs: PictureNeed[] = input.needs
    .filter((n) => OPEN_NEEDS.has(n.status))
    .map((n) => ({ ...n, system_ids: [...n.system_ids], unit_name: nameOf(n.unit_id) }))
    .sort(
      (a, b) => urgencyRank(b.urgency) - urgencyRank(a.urgency) || cmp(a.created_at, b.created_at) || cmp(a.id, b.id),
    );

  const systems = new Map(input.systems.map((s) => [s.id, s]));
  const at = (hours: number | null) => (hours === null ? null : new Date(now + hours * HOUR).toISOString());
  const wanted = new Map<string, DemandUnit[]>();
  for (const r of input.reports) {
    const seen = new Set<string>();
    for (const m of missingSystemsOf(r.content)) {
      const system = systems.get(m.system_id);
      // A system back in service is no longer missed, whatever an older report says; one unit counts once.
      if (!system || isBack(system.status) || seen.has(m.system_id)) continue;
      seen.add(m.system_id);
      wanted.set(m.system_id, [
        ...(wanted.get(m.system_id) ?? []),
        { unit_id: r.unit_id, name: nameOf(r.unit_id), need_by: m.need_by },
      ]);
    }
  }
  const demand: PictureDemand[] = [...wanted].map(([id, who]) => {
    const system = systems.get(id) as PictureSystemInput;
    const p90_at = at(system.p90_h);
    const sorted = [...who].sort((a, b) => cmpNullLast(a.need_by, b.need_by) || cmp(a.unit_id, b.unit_id));
    return {
      system_id: id,
      name: system.name,
      status: system.status,
      unit_count: who.length,
      units: sorted,
      earliest_need_by: sorted.reduce<string | null>((e, u) => earliest(e, u.need_by), null),
      p50_at: at(system.p50_h),
      p90_at,
      late_units: p90_at === null ? [] : sorted.filter((u) => u.need_by !== null && u.need_by < p90_at),
    };
  });
  demand.sort(
    (a, b) =>
      Number(b.late_units.length > 0) - Number(a.late_units.length > 0) ||
      b.unit_count - a.unit_count ||
      cmpNullLast(a.earliest_need_by, b.earliest_need_by) ||
      cmp(a.system_id, b.system_id),
  );

  const back_ids = input.systems
    .filter((s) => isBack(s.status))
    .map((s) => s.id)
    .sort();
  const recovery = { back: back_ids.length, total: input.systems.length, back_ids };

  const since = input.previous?.approved_at ?? null;
  const decisions = input.decisions
    .filter((d) => since === null || d.recorded_at > since)
    .sort((a, b) => a.seq - b.seq)
    .map(({ id, seq, decided_at, decision, decided_by }) => ({ id, seq, decided_at, decision, decided_by }));

  const content: PictureContent = {
    as_of: input.now.toISOString(),
    counts,
    units,
    life_health,
    needs,
    demand,
    recovery,
    decisions,
    changes: null,
  };
  if (input.previous) content.changes = changesSince(input.previous, content, input.systems);
  if (input.learning) content.learning = input.learning;
  return content;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpNullLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return cmp(a, b);
}

/** What differs between the last approved picture and this one (read leniently: an old picture may lack parts). */
export function changesSince(
  previous: { content: PictureContent; approved_at: string; version: number },
  now: Omit<PictureContent, 'changes'>,
  systems: readonly PictureSystemInput[],
): PictureChanges {
  const before = record(previous.content);
  const oldUnits = new Map(
    list(before.units).map((u) => {
      const r = record(u);
      return [
        text(r.unit_id),
        (UNIT_STATES as readonly string[]).includes(text(r.state)) ? (text(r.state) as UnitState) : 'no_report',
      ];
    }),
  );
  const units = now.units
    .filter((u) => (oldUnits.get(u.unit_id) ?? 'no_report') !== u.state)
    .map((u) => ({ unit_id: u.unit_id, name: u.name, from: oldUnits.get(u.unit_id) ?? 'no_report', to: u.state }));
  const oldFlags = new Set(list(before.life_health).map((f) => text(record(f).unit_id)));
  const new_flags = now.life_health
    .filter((f) => !oldFlags.has(f.unit_id))
    .map(({ unit_id, name }) => ({ unit_id, name }));
  const oldNeeds = list(before.needs).map(record);
  const oldNeedIds = new Set(oldNeeds.map((n) => text(n.id)));
  const openIds = new Set(now.needs.map((n) => n.id));
  const new_needs = now.needs
    .filter((n) => !oldNeedIds.has(n.id))
    .map((n) => ({ id: n.id, title: n.title, unit_name: n.unit_name }));
  const closed_needs = oldNeeds
    .filter((n) => !openIds.has(text(n.id)))
    .map((n) => ({ id: text(n.id), title: text(n.title), unit_name: text(n.unit_name) }));
  const oldBackIds = record(before.recovery).back_ids;
  const oldBack = new Set(list(oldBackIds).map(text));
  const names = new Map(systems.map((s) => [s.id, s.name]));
  // A picture that never said which systems were back cannot tell which came back since.
  const systems_back = (Array.isArray(oldBackIds) ? now.recovery.back_ids : [])
    .filter((id) => !oldBack.has(id))
    .map((id) => ({ id, name: names.get(id) ?? id }));
  return {
    since_version: previous.version,
    since_at: previous.approved_at,
    units,
    new_flags,
    new_needs,
    closed_needs,
    systems_back,
  };
}
