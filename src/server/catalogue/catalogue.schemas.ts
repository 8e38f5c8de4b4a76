/**
 * The API's input schemas for the catalogue, built from the catalogue file's own
 * schemas (src/domain/catalogue/schema.ts) so that each input has one definition.
 */
import { type TSchema, Type } from '@sinclair/typebox';
import { IdSchema, SystemSchema, TeamSchema, UnitSchema } from '../../domain/catalogue/schema.js';

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
    fileName: FileName,
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
    fileName: Type.Optional({
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
