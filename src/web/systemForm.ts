import {
  DEFAULT_GATES,
  ID_PATTERN,
  type System,
  type SystemKind,
  type SystemStatus,
} from '../domain/catalogue/types.js';
import type { SystemPatch } from './api.js';
import type { T } from './i18n.js';

/** The system edit form's state: text as typed, so that a half-typed number stays on screen. */
export interface FormState {
  name: string;
  kind: SystemKind;
  public_name: string;
  /** The help text per language: the site's languages, then any other the catalogue holds. */
  public_help: Record<string, string>;
  owner: string;
  team: string;
  depends_on: string;
  society: string;
  organisation: string;
  rto_hours: string;
  low: string;
  likely: string;
  high: string;
  gates: string[];
  status: SystemStatus;
  remaining_hours: string;
}

/** The form state for a system as stored. */
export function toForm(s: System): FormState {
  const str = (v: number | undefined) => (v === undefined ? '' : String(v));
  return {
    name: s.name,
    kind: s.kind,
    public_name: s.public_name ?? '',
    public_help: helpToForm(s.public_help),
    owner: s.owner ?? '',
    team: s.team ?? '',
    depends_on: s.depends_on.join(', '),
    society: str(s.society),
    organisation: str(s.organisation),
    rto_hours: str(s.rto_hours),
    low: str(s.estimate_hours?.low),
    likely: str(s.estimate_hours?.likely),
    high: str(s.estimate_hours?.high),
    gates: s.gates ?? [...DEFAULT_GATES],
    status: s.status ?? 'down',
    remaining_hours: str(s.remaining_hours),
  };
}

/** The languages the public site is written in: each gets a help field. */
export const HELP_LANGUAGES = ['sv', 'en'] as const;

// One text stands for every language, so each field shows it; a save leaves it one text unless edited.
function helpToForm(help: System['public_help']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const lang of HELP_LANGUAGES) out[lang] = typeof help === 'string' ? help : (help?.[lang] ?? '');
  if (help && typeof help === 'object') for (const [lang, text] of Object.entries(help)) out[lang] ??= text;
  return out;
}

/** The help the form says: null when every field is empty; the stored one text while every field still shows it. */
export function helpFromForm(
  form: Record<string, string>,
  before: System['public_help'],
): System['public_help'] | null {
  const entries = Object.entries(form)
    .map(([lang, text]) => [lang, text.trim()] as const)
    .filter(([, text]) => text !== '');
  if (entries.length === 0) return null;
  if (typeof before === 'string' && entries.every(([, text]) => text === before)) return before;
  return Object.fromEntries(entries);
}

/** Deep equality for plain JSON values. */
export const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The PATCH body for the form: only what changed; a cleared optional field is sent as null. */
export function toPatch(
  form: FormState,
  s: System,
  full: boolean,
  t: T,
): { patch: SystemPatch; problems: Record<string, string> } {
  const patch: SystemPatch = {};
  const problems: Record<string, string> = {};
  const num = (value: string, field: string, label: string): number | null | undefined => {
    if (value.trim() === '') return null;
    const n = Number(value.replace(',', '.'));
    if (!Number.isFinite(n)) {
      problems[field] = `${t('error.validation_failed')} ${label}`;
      return undefined;
    }
    return n;
  };
  const optionalText = (value: string) => (value.trim() === '' ? null : value.trim());
  const set = <K extends keyof System>(key: K, value: System[K] | null | undefined, before: System[K] | undefined) => {
    if (value === undefined) return;
    if (!same(value ?? undefined, before)) patch[key] = value;
  };

  if (full) {
    if (!form.name.trim()) problems.name = t('common.required', { field: t('sf.name').toLowerCase() });
    set('name', form.name.trim(), s.name);
    set('kind', form.kind, s.kind);
    set('public_name', optionalText(form.public_name), s.public_name);
    set('public_help', helpFromForm(form.public_help, s.public_help), s.public_help);
    set('owner', optionalText(form.owner), s.owner);
    set('team', optionalText(form.team), s.team);
    const deps = form.depends_on
      .split(/[\s,;]+/)
      .map((d) => d.trim())
      .filter(Boolean);
    set('depends_on', deps, s.depends_on);
    set('society', num(form.society, 'society', t('sf.society')), s.society);
    set('organisation', num(form.organisation, 'organisation', t('sf.organisation')), s.organisation);
    set('rto_hours', num(form.rto_hours, 'rto_hours', t('sf.rto_hours')), s.rto_hours);
    const effectiveGates = s.gates ?? [...DEFAULT_GATES];
    if (!same(form.gates, effectiveGates)) patch.gates = form.gates;
  }
  const parts = [
    ['low', form.low, 'sf.estimate_low'],
    ['likely', form.likely, 'sf.estimate_likely'],
    ['high', form.high, 'sf.estimate_high'],
  ] as const;
  const filled = parts.filter(([, v]) => v.trim() !== '');
  if (filled.length === 0) {
    if (s.estimate_hours) patch.estimate_hours = null;
  } else if (filled.length < 3) {
    for (const [key, v, label] of parts)
      if (v.trim() === '') problems[`estimate_hours.${key}`] = t('common.required', { field: t(label).toLowerCase() });
  } else {
    const values = parts.map(([key, v, label]) => num(v, `estimate_hours.${key}`, t(label)));
    if (values.every((v) => typeof v === 'number')) {
      const [low, likely, high] = values as number[];
      set('estimate_hours', { low, likely, high }, s.estimate_hours);
    }
  }
  set('status', form.status, s.status ?? 'down');
  set('remaining_hours', num(form.remaining_hours, 'remaining_hours', t('sf.remaining_hours')), s.remaining_hours);
  return { patch, problems };
}

// What a new system is compared with: every optional field absent, so only what was filled is sent.
const BLANK: System = { id: '', name: '', kind: 'application', depends_on: [] };

/** The form state of a system not yet added. */
export function emptyForm(): FormState {
  return toForm(BLANK);
}

/** The POST body for a new system with the given id, or the problems found before sending. */
export function toCreate(
  id: string,
  form: FormState,
  t: T,
): { system: System | null; problems: Record<string, string> } {
  const { patch, problems } = toPatch(form, BLANK, true, t);
  const trimmed = id.trim();
  if (!trimmed) problems.id = t('common.required', { field: t('sf.id').toLowerCase() });
  else if (!ID_PATTERN.test(trimmed)) problems.id = t('system.idInvalid');
  if (Object.keys(problems).length) return { system: null, problems };
  const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null));
  return {
    system: {
      ...fields,
      id: trimmed,
      name: form.name.trim(),
      kind: form.kind,
      depends_on: patch.depends_on ?? [],
    } as System,
    problems,
  };
}
