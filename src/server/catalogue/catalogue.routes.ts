import { formatIssue } from '../../domain/catalogue/format.js';
import { LifeboatError } from '../../domain/errors.js';
import { CATALOGUE_EDITORS, INTERNAL_READERS, ROLES, STATUS_EDITORS } from '../../domain/roles.js';
import type { Locale } from '../../i18n/index.js';
import { localIssue } from '../../i18n/render.js';
import type { App } from '../app.js';
import { callerOf, requireRole } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { requestLocale } from '../errors.js';
import { gatesLeftBySystem } from '../gates/gates.service.js';
import { lock, unitOfWork } from '../tx.js';
import {
  CatalogueOut,
  ChangeListOut,
  ChangesQuery,
  CreateSystemBody,
  CreateTeamBody,
  CreateUnitBody,
  ExportOut,
  ExportQuery,
  IdParams,
  ImportBody,
  ImportBytes,
  ImportQuery,
  ImportResultOut,
  NoContent,
  PatchSystemBody,
  PatchTeamBody,
  PatchUnitBody,
  SystemDetailOut,
  SystemDetailQuery,
  SystemListOut,
  SystemOnlyOut,
  TeamListOut,
  TeamOnlyOut,
  UnitDetailOut,
  UnitListOut,
  UnitOnlyOut,
} from './catalogue.schemas.js';
import {
  actorOf,
  applyParsedImport,
  createSystem,
  createTeam,
  createUnit,
  deleteSystem,
  deleteTeam,
  deleteUnit,
  exportCatalogue,
  getCatalogue,
  getSystemDetail,
  getUnitDetail,
  type ImportUpload,
  listCatalogueChanges,
  listSystemsWithDependents,
  listTeamsAll,
  listUnitsFor,
  type ParsedImport,
  parseImport,
  previewParsedImport,
  updateSystem,
  updateTeam,
  updateUnit,
} from './catalogue.service.js';
import { createParsePool, decodeUpload, textUpload, UPLOAD_LIMITS, UploadedBytes } from './upload.js';

// The file's own warnings in the reader's language; the others (decoding, which the UI words
// itself, and reporters left without a unit) as the service wrote them.
function localWarnings<R extends { warnings: string[] }>(result: R, parsed: ParsedImport, locale: Locale): R {
  if (locale === 'en' || !parsed.issueWarnings?.length) return result;
  const fileName = parsed.upload.fileName;
  const local = new Map(
    parsed.issueWarnings.map((w) => [formatIssue(fileName, w), formatIssue(fileName, localIssue(locale, w))]),
  );
  return { ...result, warnings: result.warnings.map((w) => local.get(w) ?? w) };
}

const tags = ['catalogue'];

/** The catalogue API (docs/api.md, "Catalogue"): units, teams, systems, import, export, changes. */
export async function catalogueRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  const { db } = deps;
  const anyRole = requireRole(...ROLES);
  const readers = requireRole(...INTERNAL_READERS);
  const editors = requireRole(...CATALOGUE_EDITORS);
  const statusEditors = requireRole(...STATUS_EDITORS);
  // One unit of work per write; the catalogue lock is taken before the graph is read, so that two
  // concurrent edits cannot each pass the cycle check and together store a cycle.
  const write = <T>(fn: (trx: typeof db) => Promise<T>) =>
    unitOfWork(deps, async (trx) => {
      await lock(trx, 'catalogue');
      return fn(trx);
    });

  app.get(
    '/api/catalogue',
    {
      onRequest: anyRole,
      schema: {
        tags,
        summary: 'The whole catalogue (a reporter sees only its own unit)',
        response: { 200: CatalogueOut },
      },
    },
    async (request) => getCatalogue(db, callerOf(request)),
  );

  // ---- units ----
  app.get(
    '/api/units',
    { onRequest: anyRole, schema: { tags, summary: 'Every unit', response: { 200: UnitListOut } } },
    async (request) => ({
      units: await listUnitsFor(db, callerOf(request)),
    }),
  );
  app.get(
    '/api/units/:id',
    {
      onRequest: anyRole,
      schema: { tags, summary: 'One unit and the systems it owns', params: IdParams, response: { 200: UnitDetailOut } },
    },
    async (request) => getUnitDetail(db, callerOf(request), request.params.id),
  );
  app.post(
    '/api/units',
    {
      onRequest: editors,
      schema: { tags, summary: 'Add a unit', body: CreateUnitBody, response: { 201: UnitOnlyOut } },
    },
    async (request, reply) => {
      const actor = actorOf(callerOf(request));
      const unit = await write((trx) => createUnit(trx, deps, actor, request.body));
      return reply.status(201).send({ unit });
    },
  );
  app.patch(
    '/api/units/:id',
    {
      onRequest: editors,
      schema: { tags, summary: 'Change a unit', params: IdParams, body: PatchUnitBody, response: { 200: UnitOnlyOut } },
    },
    async (request) => {
      const actor = actorOf(callerOf(request));
      return { unit: await write((trx) => updateUnit(trx, deps, actor, request.params.id, request.body)) };
    },
  );
  app.delete(
    '/api/units/:id',
    {
      onRequest: editors,
      schema: {
        tags,
        summary: 'Remove a unit (409 while it owns systems)',
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const actor = actorOf(callerOf(request));
      await write((trx) => deleteUnit(trx, deps, actor, request.params.id));
      return reply.status(204).send(null);
    },
  );

  // ---- teams ----
  app.get(
    '/api/teams',
    { onRequest: anyRole, schema: { tags, summary: 'Every recovery team', response: { 200: TeamListOut } } },
    async () => ({
      teams: await listTeamsAll(db),
    }),
  );
  app.post(
    '/api/teams',
    {
      onRequest: editors,
      schema: { tags, summary: 'Add a team', body: CreateTeamBody, response: { 201: TeamOnlyOut } },
    },
    async (request, reply) => {
      const actor = actorOf(callerOf(request));
      const team = await write((trx) => createTeam(trx, deps, actor, request.body));
      return reply.status(201).send({ team });
    },
  );
  app.patch(
    '/api/teams/:id',
    {
      onRequest: editors,
      schema: { tags, summary: 'Change a team', params: IdParams, body: PatchTeamBody, response: { 200: TeamOnlyOut } },
    },
    async (request) => {
      const actor = actorOf(callerOf(request));
      return { team: await write((trx) => updateTeam(trx, deps, actor, request.params.id, request.body)) };
    },
  );
  app.delete(
    '/api/teams/:id',
    {
      onRequest: editors,
      schema: {
        tags,
        summary: 'Remove a team (409 while it has systems)',
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const actor = actorOf(callerOf(request));
      await write((trx) => deleteTeam(trx, deps, actor, request.params.id));
      return reply.status(204).send(null);
    },
  );

  // ---- systems ----
  app.get(
    '/api/systems',
    {
      onRequest: anyRole,
      schema: { tags, summary: 'Every system with its direct dependents', response: { 200: SystemListOut } },
    },
    async () => {
      const systems = await listSystemsWithDependents(db);
      const left = await gatesLeftBySystem(db, systems, deps.clock());
      return { systems: systems.map((s) => ({ ...s, gates_left: left.get(s.id) ?? [] })) };
    },
  );
  app.get(
    '/api/systems/:id',
    {
      onRequest: anyRole,
      schema: {
        tags,
        summary: 'One system, what it needs, what needs it, and (not for a reporter) its changes',
        params: IdParams,
        querystring: SystemDetailQuery,
        response: { 200: SystemDetailOut },
      },
    },
    async (request) => {
      const t = request.query.transitive;
      const detail = await getSystemDetail(db, request.params.id, t === '1' || t === 'true', callerOf(request));
      const left = await gatesLeftBySystem(db, [detail.system], deps.clock());
      return { ...detail, gates_left: left.get(detail.system.id) ?? [] };
    },
  );
  app.post(
    '/api/systems',
    {
      onRequest: editors,
      schema: { tags, summary: 'Add a system', body: CreateSystemBody, response: { 201: SystemOnlyOut } },
    },
    async (request, reply) => {
      const actor = actorOf(callerOf(request));
      const system = await write((trx) => createSystem(trx, deps, actor, request.body));
      return reply.status(201).send({ system });
    },
  );
  app.patch(
    '/api/systems/:id',
    {
      onRequest: statusEditors,
      schema: {
        tags,
        summary: 'Change a system; recovery may change only estimate_hours, status and remaining_hours',
        params: IdParams,
        body: PatchSystemBody,
        response: { 200: SystemOnlyOut },
      },
    },
    async (request) => {
      const user = callerOf(request);
      const system = await write((trx) =>
        updateSystem(trx, deps, user, actorOf(user), request.params.id, request.body),
      );
      return { system };
    },
  );
  app.delete(
    '/api/systems/:id',
    {
      onRequest: editors,
      schema: {
        tags,
        summary: 'Remove a system (409 while others depend on it)',
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const actor = actorOf(callerOf(request));
      await write((trx) => deleteSystem(trx, deps, actor, request.params.id));
      return reply.status(204).send(null);
    },
  );

  // ---- import, export, changes ----
  // Uploads are the one place with a large body: the bytes are decoded and depth-checked here, and
  // parsed in a worker with a memory cap and a time limit (upload.ts).
  const pool = createParsePool(UPLOAD_LIMITS);
  app.addHook('onClose', async () => pool.close());
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, new UploadedBytes(body as Buffer)),
  );
  const importSchema = (summary: string) => ({
    tags,
    summary,
    querystring: ImportQuery,
    response: { 200: ImportResultOut },
    body: {
      content: {
        'application/octet-stream': { schema: ImportBytes },
        'application/json': { schema: ImportBody },
      },
    },
  });
  const uploadOf = (request: { body: unknown; query: typeof ImportQuery.static }): ImportUpload => {
    const { file_name: fileName, replace, statuses } = request.query;
    const mode = { replace: replace === true, statuses: statuses === true };
    let decoded: ReturnType<typeof decodeUpload>;
    if (request.body instanceof UploadedBytes) {
      if (!fileName) {
        throw new LifeboatError('validation_failed', 'file_name: required with a body of bytes', {
          field: 'file_name',
        });
      }
      decoded = decodeUpload(fileName, request.body.bytes);
    } else {
      // The schema checked a JSON body; any other (or none) has no file in it.
      const body = request.body as Partial<typeof ImportBody.static> | undefined;
      if (typeof body?.file_name !== 'string' || typeof body.content !== 'string') {
        throw new LifeboatError(
          'validation_failed',
          'body: send the file as application/octet-stream (with ?file_name=) or as JSON { file_name, content }',
        );
      }
      decoded = textUpload(body.file_name, body.content);
    }
    return { ...decoded, mode };
  };
  app.post(
    '/api/catalogue/import/preview',
    {
      onRequest: editors,
      bodyLimit: UPLOAD_LIMITS.maxBytes,
      schema: importSchema('What importing a file would add, change and remove (merge unless replace=true)'),
    },
    async (request) => {
      const parsed = await parseImport(db, uploadOf(request), pool.parse);
      return localWarnings(await previewParsedImport(db, parsed), parsed, requestLocale(request));
    },
  );
  app.post(
    '/api/catalogue/import',
    {
      onRequest: editors,
      bodyLimit: UPLOAD_LIMITS.maxBytes,
      schema: importSchema('Import a file in one transaction: merge (default) or replace=true'),
    },
    async (request) => {
      const actor = actorOf(callerOf(request));
      // Parsed before the transaction opens: a big file must not hold the database.
      const parsed = await parseImport(db, uploadOf(request), pool.parse);
      const result = await write((trx) => applyParsedImport(trx, deps, actor, parsed));
      return localWarnings(result, parsed, requestLocale(request));
    },
  );
  app.get(
    '/api/catalogue/export',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'The catalogue as a YAML or JSON file',
        querystring: ExportQuery,
        response: { 200: ExportOut },
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'yaml';
      const text = await exportCatalogue(db, format);
      return reply
        .header('content-disposition', `attachment; filename="catalogue.${format}"`)
        .type(format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8')
        .send(text);
    },
  );
  app.get(
    '/api/catalogue/changes',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'Recorded changes, newest first',
        querystring: ChangesQuery,
        response: { 200: ChangeListOut },
      },
    },
    async (request) => {
      const { entity, id, limit } = request.query;
      return { changes: await listCatalogueChanges(db, { entity, entityId: id, limit }) };
    },
  );
}
