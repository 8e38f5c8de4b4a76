/**
 * The API's input schemas for the catalogue, built from the catalogue file's own
 * schemas (src/domain/catalogue/schema.ts) so that each input has one definition.
 */
import { type TSchema, Type } from '@sinclair/typebox';
import { IdSchema, SystemSchema, TeamSchema, UnitSchema } from '../../domain/catalogue/schema.js';
import { SYSTEM_KINDS, SYSTEM_STATUSES, UNIT_KINDS } from '../../domain/catalogue/types.js';

/** `:id` in a path. */
export const IdParams = Type.Object({ id: IdSchema });

/** POST /api/systems: a whole system. */
export const CreateSystemBody = SystemSchema;

// Optional fields may be sent as null to clear them; required ones may only be replaced.
function patchOf(schema: typeof SystemSchema | typeof UnitSchema | typeof TeamSchema, required: string[]) {
  const properties: Record<string, TSchema> = {};
  for (const [key, value] of Object.entries(schema.properties as Record<string, TSchema>)) {
    if (key === 'id') continue;
    properties[key] = Type.Optional(required.includes(key) ? value : Type.Union([value, Type.Null()]));
  }
  return Type.Object(properties, { additionalProperties: false, minProperties: 1 });
}

/** A reason to move a system past its gates or dependencies (roles with `status.override` only). */
export const OverrideReason = Type.String({ minLength: 1, maxLength: 2000 });

/** PATCH /api/systems/:id: any subset of a system's fields but its id; null clears an optional field. */
export const PatchSystemBody = Type.Object(
  {
    ...patchOf(SystemSchema, ['name', 'kind', 'depends_on']).properties,
    override_reason: Type.Optional(OverrideReason),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** POST /api/units: a whole unit. */
export const CreateUnitBody = UnitSchema;

/** PATCH /api/units/:id: any subset of a unit's fields but its id. */
export const PatchUnitBody = patchOf(UnitSchema, ['name', 'kind', 'contacts']);

/** POST /api/teams: a whole team. */
export const CreateTeamBody = TeamSchema;

/** PATCH /api/teams/:id: any subset of a team's fields but its id. */
export const PatchTeamBody = patchOf(TeamSchema, ['name', 'capacity']);

/** GET /api/systems/:id: `?transitive=1` adds the transitive needs and dependents. */
export const SystemDetailQuery = Type.Object({
  transitive: Type.Optional(
    Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')]),
  ),
});

const FileName = Type.String({
  minLength: 1,
  maxLength: 255,
  description: 'the extension picks the format: .yaml, .yml, .json or .csv',
});

/** An uploaded catalogue file as JSON: its name (the extension picks the format) and its text. */
export const ImportBody = Type.Object(
  {
    file_name: FileName,
    content: Type.String({ description: 'the file as text' }),
  },
  { additionalProperties: false },
);

/**
 * The file's bytes as `application/octet-stream` (what the web UI sends, so that the server decodes
 * them: UTF-8, or Windows-1252 with a warning).
 */
// No `type`: the validator sees a Buffer, which is no JSON type; the content type says what it is.
export const ImportBytes = Type.Unsafe<object>({ description: "the file's bytes (any encoding the decoder reads)" });

/** The import routes' query: the file name (for a body of bytes) and how to import. */
export const ImportQuery = Type.Object(
  {
    file_name: Type.Optional({
      ...FileName,
      description: 'required with a body of bytes; the extension picks the format',
    }),
    replace: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'true: replace the catalogue; false (default): merge, remove nothing',
      }),
    ),
    statuses: Type.Optional(
      Type.Boolean({ default: false, description: 'true: take status and remaining_hours from the file' }),
    ),
  },
  { additionalProperties: false },
);

/** GET /api/catalogue/export. */
export const ExportQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('yaml'), Type.Literal('json')], { default: 'yaml' })),
});

/** GET /api/catalogue/changes. */
export const ChangesQuery = Type.Object({
  entity: Type.Optional(
    Type.Union([Type.Literal('system'), Type.Literal('unit'), Type.Literal('team'), Type.Literal('organisation')]),
  ),
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

// ---- responses ----
// Response schemas are also what Fastify serialises with: fields not named here are dropped.
// Enumerations are plain strings with `enum` (not unions of literals) so that serialising a
// large catalogue needs no trial validation per field.

/** A string that is one of `values`. */
function StringEnum<T extends readonly string[]>(values: T, options: { description?: string } = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

const Estimate = Type.Object({ low: Type.Number(), likely: Type.Number(), high: Type.Number() });
/** A team as the API shows it. */
export const TeamOut = Type.Object({ id: Type.String(), name: Type.String(), capacity: Type.Integer() });
/** A unit as the API shows it. */
export const UnitOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: StringEnum(UNIT_KINDS),
  contacts: Type.Array(
    Type.Object({ name: Type.String(), phone: Type.Optional(Type.String()), email: Type.Optional(Type.String()) }),
  ),
});
const systemFields = {
  id: Type.String(),
  name: Type.String(),
  kind: StringEnum(SYSTEM_KINDS),
  public_name: Type.Optional(Type.String()),
  public_help: Type.Optional(
    Type.Union([Type.String(), Type.Record(Type.String(), Type.String())], {
      description: 'one text for every language, or ISO 639-1 language → text',
    }),
  ),
  owner: Type.Optional(Type.String()),
  team: Type.Optional(Type.String()),
  depends_on: Type.Array(Type.String()),
  society: Type.Optional(Type.Integer()),
  organisation: Type.Optional(Type.Integer()),
  rto_hours: Type.Optional(Type.Number()),
  estimate_hours: Type.Optional(Estimate),
  gates: Type.Optional(Type.Array(Type.String(), { description: 'absent: every default gate; []: none' })),
  status: Type.Optional(StringEnum(SYSTEM_STATUSES, { description: 'absent: down' })),
  remaining_hours: Type.Optional(Type.Number()),
};
/** A system as the API shows it (DESIGN.md's fields). */
export const SystemOut = Type.Object(systemFields);
/** A system with the ids of the systems that need it, as in the systems list. */
export const SystemRowOut = Type.Object({
  ...systemFields,
  dependents: Type.Array(Type.String()),
  gates_left: Type.Array(Type.String(), {
    description: 'its gates not passed or waived now (an expired waiver counts)',
  }),
});
/** A reference to another system, with its status. */
export const SystemRefOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: StringEnum(SYSTEM_KINDS),
  status: StringEnum(SYSTEM_STATUSES),
});
/** One recorded change to the catalogue. */
export const ChangeOut = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Type.String({ description: 'the e-mail address of the user who made it, or cli' }),
  source: StringEnum(['import', 'edit'] as const),
  entity: StringEnum(['system', 'unit', 'team', 'organisation'] as const),
  entity_id: Type.String(),
  action: StringEnum(['add', 'change', 'remove'] as const),
  before: Type.Unknown(),
  after: Type.Unknown(),
});

/** GET /api/catalogue: the domain's catalogue. */
export const CatalogueOut = Type.Object({
  version: Type.Literal(1),
  organisation: Type.Object({
    name: Type.String(),
    locale: StringEnum(['sv', 'en'] as const),
    timezone: Type.String(),
  }),
  teams: Type.Array(TeamOut),
  units: Type.Array(UnitOut),
  systems: Type.Array(SystemOut),
});
/** GET /api/units */
export const UnitListOut = Type.Object({ units: Type.Array(UnitOut) });
/** GET /api/units/:id */
export const UnitDetailOut = Type.Object({ unit: UnitOut, systems: Type.Array(SystemOut) });
/** `{ unit }` */
export const UnitOnlyOut = Type.Object({ unit: UnitOut });
/** GET /api/teams */
export const TeamListOut = Type.Object({ teams: Type.Array(TeamOut) });
/** `{ team }` */
export const TeamOnlyOut = Type.Object({ team: TeamOut });
/** GET /api/systems */
export const SystemListOut = Type.Object({ systems: Type.Array(SystemRowOut) });
/** `{ system }` */
export const SystemOnlyOut = Type.Object({ system: SystemOut });
/** GET /api/systems/:id */
export const SystemDetailOut = Type.Object({
  system: SystemOut,
  needs: Type.Array(SystemRefOut, { description: 'direct dependencies' }),
  needed_by: Type.Array(SystemRefOut, { description: 'direct dependents' }),
  needs_all: Type.Optional(Type.Array(SystemRefOut, { description: 'with ?transitive=1' })),
  needed_by_all: Type.Optional(Type.Array(SystemRefOut, { description: 'with ?transitive=1' })),
  changes: Type.Optional(Type.Array(ChangeOut, { description: 'only for the internal readers' })),
  gates_left: Type.Array(Type.String(), { description: 'its gates not passed or waived now' }),
});
/** GET /api/catalogue/changes */
export const ChangeListOut = Type.Object({ changes: Type.Array(ChangeOut) });

const Kinds = <T extends TSchema>(t: T) => Type.Object({ teams: t, units: t, systems: t });
/** One changed field of an imported record, in file form (absent: the default). */
export const ImportFieldChangeOut = Type.Object({
  field: Type.String(),
  before: Type.Optional(Type.Unknown()),
  after: Type.Optional(Type.Unknown()),
});
/** A record an import changes. */
export const ImportChangedOut = Type.Object({
  id: Type.String(),
  fields: Type.Array(Type.String()),
  changes: Type.Array(ImportFieldChangeOut),
});
/** What an import adds, changes and removes, with the names of the records by id. */
export const ImportDiffOut = Type.Object({
  organisation_changed: Type.Boolean(),
  added: Kinds(Type.Array(Type.String())),
  changed: Kinds(Type.Array(ImportChangedOut)),
  removed: Kinds(Type.Array(Type.String())),
  names: Kinds(Type.Record(Type.String(), Type.String())),
});
/** How to import: merge or replace, statuses kept or taken from the file. */
export const ImportModeOut = Type.Object({ replace: Type.Boolean(), statuses: Type.Boolean() });
/** The answer of an import preview or apply. */
export const ImportResultOut = Type.Object({
  diff: ImportDiffOut,
  mode: ImportModeOut,
  encoding: StringEnum(['utf-8', 'windows-1252'] as const),
  warnings: Type.Array(Type.String()),
  summary: Type.String(),
});
/** The answer of a route that answers nothing. */
export const NoContent = Type.Null({ description: 'No content' });
/** GET /api/catalogue/export: the file itself (sent as text, never through a serialiser). */
export const ExportOut = {
  description: 'The catalogue file, as an attachment',
  content: {
    'application/yaml': { schema: Type.String({ description: 'the catalogue file in YAML' }) },
    'application/json': { schema: Type.Object({}, { additionalProperties: true, description: 'the catalogue file' }) },
  },
};
