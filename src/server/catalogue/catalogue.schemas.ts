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

/** PATCH /api/systems/:id: any subset of a system's fields but its id; null clears an optional field. */
export const PatchSystemBody = patchOf(SystemSchema, ['name', 'kind', 'depends_on']);

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

/** An uploaded catalogue file: its name (the extension picks the format) and its text. */
export const ImportBody = Type.Object(
  {
    fileName: Type.String({
      minLength: 1,
      maxLength: 255,
      description: 'the extension picks the format: .yaml, .yml, .json or .csv',
    }),
    content: Type.String({ description: 'the file as text' }),
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
