/**
 * `lifeboat plan FILE`: the restart plan and forecast of a catalogue file, with no server and no
 * database. Only the catalogue parser and the planner are loaded, so it starts fast.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { decodeCatalogueBytes, WINDOWS_1252_WARNING_KEY } from '../domain/catalogue/decode.js';
import type { Catalogue, CatalogueIssue } from '../domain/catalogue/types.js';
import { validateCatalogue } from '../domain/catalogue/validate.js';
import { LifeboatError } from '../domain/errors.js';
import { type Actuals, actualsFromChanges, statusChangesOf } from '../domain/plan/actuals.js';
import { adviseCapacity } from '../domain/plan/advice.js';
import { dateAt, datedSystem, withDates } from '../domain/plan/dates.js';
import {
  type ForecastOptions,
  type ForecastSummary,
  MAX_FORECAST_CELLS,
  maxRunsFor,
  type RunChunk,
  simulateRuns,
  splitRuns,
  summariseForecast,
} from '../domain/plan/forecast.js';
import { compileModel, modelForTransfer, type PlanModel } from '../domain/plan/model.js';
import { applyActuals, buildPlan, likelySchedule, planSystems } from '../domain/plan/plan.js';
import { type ZoneFormatter, zoneFormatter } from '../domain/time.js';
import { formatAdviceTable } from './advice-table.js';
import { CliError } from './cli-error.js';
import { cliDecodeRefusal, cliDecodeWarning, cliErrorMessage, cliIssue, cliLocale, cliText } from './locale.js';
import { formatPlanTable } from './plan-table.js';
import type { WorkerRequest } from './plan-worker.js';

/** The options of `lifeboat plan` as commander hands them over. */
export interface PlanCommandOptions {
  json?: boolean;
  runs?: string;
  seed?: string;
  capacity?: string[];
  friction?: string;
  asOf?: string;
  advice?: boolean;
  /** Commander's negation of `--no-learning`: false when it is given. */
  learning?: boolean;
}

/** Systems per piece of the JSON output. */
const JSON_PIECE = 4096;

/** Below this many system-runs a worker's start-up costs more than it saves. */
const WORKER_THRESHOLD = 1_500_000;

/**
 * The catalogue in a file's text. A valid JSON file takes the short road (JSON.parse and the
 * validator): the YAML parser, needed for YAML and for the lines of JSON errors, costs about a
 * tenth of a second to load, a visible share of planning a big catalogue.
 */
async function readCatalogue(
  text: string,
  file: string,
): Promise<{ catalogue: Catalogue; warnings: CatalogueIssue[] }> {
  if (file.toLowerCase().endsWith('.json') && text.charCodeAt(0) !== 0xfeff) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (value !== undefined) {
      const quick = validateCatalogue(value);
      if (quick.ok) return quick;
    }
  }
  const { parseCatalogueText } = await import('../domain/catalogue/parse.js');
  const parsed = parseCatalogueText(text, file);
  if (!parsed.ok)
    throw new CliError(
      parsed.issues.map((issue) => cliIssue(file, issue)),
      2,
    );
  return parsed;
}

/** Prints the plan of a catalogue file; throws CliError on bad input. */
export async function planCommand(file: string, opts: PlanCommandOptions): Promise<void> {
  const options = parseForecastOptions(opts);
  const capacity = parseCapacity(opts.capacity ?? []);
  const asOfInput = opts.asOf === undefined ? undefined : parseInstant(opts.asOf);

  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError([`${file}: ${cliText('err.cli.cannotRead', { code: code ?? 'error' })}`], 2);
  }
  // The one decoder of import and upload (no size or depth limit here: a local file is the user's own).
  const decoded = decodeCatalogueBytes(bytes);
  if (!decoded.ok) throw new CliError([`${file}: ${cliDecodeRefusal(decoded)}`], 2);
  if (decoded.warning)
    process.stderr.write(`${file}: ${cliDecodeWarning(decoded.warning, WINDOWS_1252_WARNING_KEY)}\n`);
  const text = decoded.text;
  const parsed = await readCatalogue(text, file);
  const catalogue = parsed.catalogue;
  const teams = new Set(catalogue.teams.map((t) => t.id));
  const unknown = Object.keys(capacity).filter((t) => !teams.has(t));
  if (unknown.length > 0) {
    throw new CliError(
      unknown.map((t) => `--capacity: unknown team ${t} (teams: ${[...teams].join(', ') || 'none'})`),
      2,
    );
  }

  let model: PlanModel;
  try {
    model = compileModel(catalogue, { capacity });
  } catch (error) {
    if (error instanceof LifeboatError)
      throw new CliError([`${file}: ${error.field ?? ''}: ${cliErrorMessage(error)}`], 2);
    throw error;
  }
  // "Now" is --as-of, else the latest instant of the file's history (DESIGN.md, `status_history`).
  const history = statusChangesOf(catalogue);
  const nowMs = asOfInput === undefined ? history.latest : asOfMs(catalogue, asOfInput);
  const hasHistory = catalogue.systems.some((s) => s.status_history !== undefined);
  const actuals: Actuals | undefined =
    hasHistory && nowMs !== null ? actualsFromChanges(history.changes, nowMs) : undefined;
  const learning = opts.learning !== false;
  applyActuals(model, { ...options, actuals, learning });
  if (options.runs * model.n > MAX_FORECAST_CELLS) {
    throw new CliError(
      [`--runs: ${options.runs} runs of ${model.n} systems need too much memory; use at most ${maxRunsFor(model.n)}`],
      2,
    );
  }
  const summary = await runForecast(model, options);
  const scheduler = likelySchedule(model);
  for (const w of parsed.warnings) process.stderr.write(`${cliIssue(file, w)}\n`);

  let dates: { zone: ZoneFormatter; asOf: number } | undefined;
  if (asOfInput !== undefined) dates = { zone: organisationZone(catalogue), asOf: asOfMs(catalogue, asOfInput) };
  const at = dates && dateAt(dates.zone, dates.asOf);
  // --advice: one more plan per team, on this thread (docs/DESIGN.md, "Command line").
  const advice = opts.advice ? adviseCapacity(catalogue, { ...options, capacity, actuals, learning }) : undefined;
  if (!opts.json) {
    const plan = buildPlan(model, options, summary, scheduler);
    const off = actuals !== undefined && !learning;
    process.stdout.write(formatPlanTable(plan, catalogue.organisation.name, at, cliLocale(), off));
    if (advice) process.stdout.write(formatAdviceTable(advice, cliLocale()));
    return;
  }
  // The systems are built and written in pieces: short-lived objects are cheap to collect, and
  // the output never sits in memory whole. Keys keep the order of one JSON.stringify(plan).
  const head = buildPlan(model, options, summary, scheduler, false);
  const { makespan_h, systems: _none, ...rest } = dates ? withDates(head, dates.asOf, dates.zone) : head;
  process.stdout.write(`{"makespan_h":${JSON.stringify(makespan_h)},"systems":[`);
  for (let from = 0; from < model.n; from += JSON_PIECE) {
    const piece = planSystems(model, scheduler, summary, from, Math.min(model.n, from + JSON_PIECE));
    const text = JSON.stringify(at ? piece.map((s) => datedSystem(s, at)) : piece);
    process.stdout.write(from === 0 ? text.slice(1, -1) : `,${text.slice(1, -1)}`);
  }
  process.stdout.write(`],${JSON.stringify(advice ? { ...rest, advice } : rest).slice(1)}\n`);
}

function parseForecastOptions(opts: PlanCommandOptions): ForecastOptions {
  const runs = parseNumber('--runs', opts.runs ?? '1000');
  if (!Number.isInteger(runs) || runs < 1 || runs > 10_000_000) {
    throw new CliError([`--runs: ${cliText('err.cli.runs', { value: String(opts.runs) })}`], 2);
  }
  const seed = parseNumber('--seed', opts.seed ?? '1');
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new CliError([`--seed: ${cliText('err.cli.seed', { value: String(opts.seed) })}`], 2);
  }
  const friction = parseNumber('--friction', opts.friction ?? '0.3');
  if (friction < 0 || friction > 5)
    throw new CliError([`--friction: ${cliText('err.cli.friction', { value: String(opts.friction) })}`], 2);
  return { runs, seed, friction };
}

function parseNumber(option: string, raw: string): number {
  const value = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value))
    throw new CliError([`${option}: ${cliText('err.cli.number', { value: JSON.stringify(raw) })}`], 2);
  return value;
}

function parseCapacity(pairs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of pairs) {
    const m = /^([^=]+)=(.*)$/.exec(pair);
    if (!m) throw new CliError([`--capacity: ${cliText('err.cli.capacityPair', { value: JSON.stringify(pair) })}`], 2);
    const n = /^\d+$/.test(m[2].trim()) ? Number(m[2]) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new CliError(
        [`--capacity: ${cliText('err.cli.capacityValue', { team: m[1], value: JSON.stringify(m[2]) })}`],
        2,
      );
    }
    out[m[1].trim()] = n;
  }
  return out;
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * An ISO date or date-time as epoch milliseconds. With an offset (or Z) it is exact; without
 * one, `local` is set and the caller reads the fields as wall-clock time of the organisation.
 */
function parseInstant(raw: string): { ms: number; local: boolean } {
  const m = ISO_INSTANT.exec(raw.trim());
  const bad = () =>
    new CliError(
      [`--as-of: expected an ISO date-time such as 2026-11-30T08:00:00+01:00, got ${JSON.stringify(raw)}`],
      2,
    );
  if (!m) throw bad();
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(
    Number,
  );
  const millis = m[7] ? Math.round(Number(`0${m[7]}`) * 1000) : 0;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const d = new Date(wall);
  // Date.UTC rolls 2026-02-30 over to March: refuse fields that do not exist.
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) throw bad();
  const zone = m[8];
  if (zone === undefined) return { ms: wall, local: true };
  if (zone === 'Z') return { ms: wall, local: false };
  const sign = zone[0] === '-' ? -1 : 1;
  const offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return { ms: wall - offset * 60_000, local: false };
}

/** --as-of in epoch ms: without an offset it is a wall-clock time in the organisation's time zone. */
function asOfMs(catalogue: Catalogue, input: { ms: number; local: boolean }): number {
  return input.local ? organisationZone(catalogue).fromWallClock(input.ms) : input.ms;
}

/** The formatter of the organisation's time zone; an unknown zone is bad input. */
function organisationZone(catalogue: Catalogue): ZoneFormatter {
  try {
    return zoneFormatter(catalogue.organisation.timezone);
  } catch (error) {
    if (error instanceof LifeboatError) throw new CliError([`${error.field}: ${cliErrorMessage(error)}`], 2);
    throw error;
  }
}

/** How many threads share the forecast: LIFEBOAT_PLAN_THREADS, else by the size of the work. */
function threadCount(model: PlanModel, runs: number): number {
  const forced = Number(process.env.LIFEBOAT_PLAN_THREADS);
  if (Number.isInteger(forced) && forced >= 1) return Math.min(forced, runs);
  if (runs * (model.n + model.deps.length) < WORKER_THRESHOLD) return 1;
  return Math.max(1, Math.min(availableParallelism(), 8, runs));
}

/** The forecast, its runs split between this thread and workers when that pays off. */
async function runForecast(model: PlanModel, options: ForecastOptions): Promise<ForecastSummary> {
  const parts = splitRuns(options.runs, threadCount(model, options.runs));
  if (parts.length === 1)
    return summariseForecast(model, options.runs, [simulateRuns(model, options, 0, options.runs)]);
  const transfer = modelForTransfer(model);
  const pending = parts.slice(1).map(
    ([from, to]) =>
      new Promise<RunChunk>((resolve, reject) => {
        const worker = new Worker(new URL('./plan-worker.js', import.meta.url));
        worker.once('message', (chunk: RunChunk) => {
          resolve(chunk);
          void worker.terminate();
        });
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`forecast worker stopped with code ${code}`));
        });
        const request: WorkerRequest = { model: transfer, options, from, to };
        worker.postMessage(request);
      }),
  );
  // This thread takes the first share while the workers run theirs.
  const [from0, to0] = parts[0];
  const own = simulateRuns(model, options, from0, to0);
  const chunks = [own, ...(await Promise.all(pending))];
  return summariseForecast(model, options.runs, chunks);
}
