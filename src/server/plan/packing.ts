/**
 * Moving big JSON between threads without stalling the main one: long arrays (the systems of a
 * 10,000-system catalogue or plan) travel as JSON text in slices, which a thread copies for almost
 * nothing, and the main thread writes and reads the slices one at a time, giving way to other
 * requests between them. A structured clone of the whole would hold it for hundreds of milliseconds.
 */
import { createHash } from 'node:crypto';
import { giveWay } from '../give-way.js';

const SLICE = 250;
const MARK = '__lifeboat_slices__';

/** A long array as JSON slices. */
interface Sliced {
  [MARK]: string[];
}

function isSliced(value: unknown): value is Sliced {
  return typeof value === 'object' && value !== null && MARK in value;
}

/** The walk `pack` and `packSync` share: it yields after each slice, where `pack` gives way. */
function* packing(value: unknown): Generator<void, unknown> {
  if (Array.isArray(value)) {
    if (value.length <= SLICE) return value;
    const slices: string[] = [];
    for (let i = 0; i < value.length; i += SLICE) {
      slices.push(JSON.stringify(value.slice(i, i + SLICE)));
      yield;
    }
    return { [MARK]: slices };
  }
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = yield* packing(v);
  return out;
}

/** The walk `unpack` and `unpackSync` share: it yields after each slice, where `unpack` gives way. */
function* unpacking(value: unknown): Generator<void, unknown> {
  if (isSliced(value)) {
    const out: unknown[] = [];
    for (const slice of value[MARK]) {
      for (const item of JSON.parse(slice) as unknown[]) out.push(item);
      yield;
    }
    return out;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = yield* unpacking(v);
  return out;
}

/** Runs a walk to its end, giving way to other requests at each of its steps. */
async function stepwise(walk: Generator<void, unknown>): Promise<unknown> {
  for (let step = walk.next(); ; step = walk.next()) {
    if (step.done) return step.value;
    await giveWay();
  }
}

/** Runs a walk to its end at once. */
function atOnce(walk: Generator<void, unknown>): unknown {
  for (let step = walk.next(); ; step = walk.next()) if (step.done) return step.value;
}

/** A value with its long arrays (at any depth of objects) as JSON slices; gives way between slices. */
export function pack(value: unknown): Promise<unknown> {
  return stepwise(packing(value));
}

/** `pack` without giving way, for a worker thread (nothing else runs there). */
export function packSync(value: unknown): unknown {
  return atOnce(packing(value));
}

/** The value `pack` was given, back; gives way between slices. */
export function unpack(value: unknown): Promise<unknown> {
  return stepwise(unpacking(value));
}

/** `unpack` without giving way, for a worker thread. */
export function unpackSync(value: unknown): unknown {
  return atOnce(unpacking(value));
}

/** A stable hash of a packed value: the same content gives the same hash. */
export function hashPacked(packed: unknown): string {
  const hash = createHash('sha256');
  const walk = (value: unknown): void => {
    if (isSliced(value)) {
      hash.update('[');
      for (const slice of value[MARK]) hash.update(slice).update(',');
      hash.update(']');
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      hash.update('{');
      for (const [k, v] of Object.entries(value)) {
        hash.update(JSON.stringify(k)).update(':');
        walk(v);
        hash.update(',');
      }
      hash.update('}');
    } else hash.update(JSON.stringify(value) ?? 'undefined');
  };
  walk(packed);
  return hash.digest('hex');
}
