/**
 * Writes a catalogue as YAML or JSON, deterministically and in DESIGN.md's key order,
 * so that parse(serialise(c)) equals c and serialising twice gives the same bytes.
 */
import type { Catalogue, Contact, Estimate, System, Team, Unit } from './types.js';

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };
type PlainMap = { [key: string]: Plain };

function estimateOut(e: Estimate): PlainMap {
  return { low: e.low, likely: e.likely, high: e.high };
}

function contactOut(c: Contact): PlainMap {
  const out: PlainMap = { name: c.name };
  if (c.phone !== undefined) out.phone = c.phone;
  if (c.email !== undefined) out.email = c.email;
  return out;
}

function teamOut(t: Team): PlainMap {
  return { id: t.id, name: t.name, capacity: t.capacity };
}

function unitOut(u: Unit): PlainMap {
  const out: PlainMap = { id: u.id, name: u.name, kind: u.kind };
  if (u.contacts && u.contacts.length > 0) out.contacts = u.contacts.map(contactOut);
  return out;
}

/** A system as the file writes it: DESIGN.md's key order, defaults left out. */
function systemOut(s: System): PlainMap {
  const out: PlainMap = { id: s.id, name: s.name, kind: s.kind };
  if (s.public_name !== undefined) out.public_name = s.public_name;
  if (s.public_help !== undefined)
    out.public_help = typeof s.public_help === 'string' ? s.public_help : { ...s.public_help };
  if (s.owner !== undefined) out.owner = s.owner;
  if (s.team !== undefined) out.team = s.team;
  if (s.depends_on && s.depends_on.length > 0) out.depends_on = [...s.depends_on];
  if (s.society !== undefined) out.society = s.society;
  if (s.organisation !== undefined) out.organisation = s.organisation;
  if (s.rto_hours !== undefined) out.rto_hours = s.rto_hours;
  if (s.estimate_hours !== undefined) out.estimate_hours = estimateOut(s.estimate_hours);
  if (s.gates !== undefined) out.gates = [...s.gates];
  if (s.status !== undefined && s.status !== 'down') out.status = s.status;
  if (s.remaining_hours !== undefined) out.remaining_hours = s.remaining_hours;
  return out;
}

/** The catalogue as plain data in file order, as both formats write it. */
export function catalogueToPlain(c: Catalogue): PlainMap {
  return {
    version: c.version,
    organisation: { name: c.organisation.name, locale: c.organisation.locale, timezone: c.organisation.timezone },
    teams: c.teams.map(teamOut),
    units: c.units.map(unitOut),
    systems: c.systems.map(systemOut),
  };
}

/** The catalogue as JSON: two-space indent, DESIGN.md's key order, a final newline. */
export function catalogueToJson(c: Catalogue): string {
  return `${JSON.stringify(catalogueToPlain(c), null, 2)}\n`;
}

// Words YAML 1.1 or 1.2 readers turn into booleans or null; quoted so that every reader sees text.
const RESERVED =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;
// A conservative plain scalar, safe inside flow collections too: no `:`, `#`, `,`, brackets or quotes,
// starting with a letter or digit and not ending in a space.
const PLAIN = /^[\p{L}\p{N}_][\p{L}\p{N}_ ./()+@&-]*$/u;
const NUMBER_LIKE = /^[-+]?(?:\d[\d_,]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$|^0[xob]|^[-+]?\.(?:inf|nan)$/i;
// Dates and times would be timestamps to a YAML 1.1 reader.
const DATE_LIKE = /^\d{4}-\d\d?-\d\d?|^\d+:\d/;

function scalar(v: string | number | boolean | null): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? '.inf' : v < 0 ? '-.inf' : '.nan';
  if (typeof v === 'boolean' || v === null) return String(v);
  if (PLAIN.test(v) && !v.endsWith(' ') && !RESERVED.test(v) && !NUMBER_LIKE.test(v) && !DATE_LIKE.test(v)) {
    return v;
  }
  // JSON strings are valid YAML double-quoted scalars; line separators are escaped so that no reader breaks them.
  return JSON.stringify(v)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    .replace(/\u0085/g, '\\x85');
}

function flow(v: Plain): string {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${v.map(flow).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, x]) => `${k}: ${flow(x)}`).join(', ')} }`;
  }
  return scalar(v);
}

function blockMap(m: PlainMap, indent: string, first: string): string[] {
  const lines: string[] = [];
  let prefix = first;
  for (const [k, v] of Object.entries(m)) {
    lines.push(`${prefix}${k}: ${flow(v)}`);
    prefix = indent;
  }
  return lines;
}

function section(name: string, items: PlainMap[], write: (item: PlainMap) => string[]): string[] {
  if (items.length === 0) return [`${name}: []`];
  return [`${name}:`, ...items.flatMap(write)];
}

/**
 * The catalogue as YAML a person can read: teams and units as one-line maps
 * (a unit with contacts as a block), systems as block maps, lists inline.
 */
export function catalogueToYaml(c: Catalogue): string {
  const p = catalogueToPlain(c);
  const org = p.organisation as PlainMap;
  const lines: string[] = [`version: ${scalar(c.version)}`, 'organisation:', ...blockMap(org, '  ', '  '), ''];
  lines.push(...section('teams', p.teams as PlainMap[], (t) => [`  - ${flow(t)}`]), '');
  lines.push(
    ...section('units', p.units as PlainMap[], (u) => {
      if (!('contacts' in u)) return [`  - ${flow(u)}`];
      const { contacts, ...rest } = u;
      return [
        ...blockMap(rest, '    ', '  - '),
        '    contacts:',
        ...(contacts as PlainMap[]).map((x) => `      - ${flow(x)}`),
      ];
    }),
    '',
  );
  lines.push(...section('systems', p.systems as PlainMap[], (s) => blockMap(s, '    ', '  - ')));
  return `${lines.join('\n')}\n`;
}
