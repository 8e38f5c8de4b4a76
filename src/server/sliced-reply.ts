/**
 * Big answers written a slice at a time. One serialisation of a 5 MB plan (10,000 systems) holds the
 * main thread for a hundred milliseconds or more, and every other request with it; written as slices
 * of its long array, with the event loop served between them, it holds it for a few milliseconds at
 * a time. Each part is still serialised with its response schema, so what goes out is what the
 * OpenAPI document says, no more.
 */
import { Readable } from 'node:stream';
import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { giveWay } from './give-way.js';

const SLICE = 250;

// One array schema per item schema, so that Fastify's serialiser cache (keyed by the schema object) hits.
const arrays = new WeakMap<TSchema, TSchema>();
function arrayOf(item: TSchema): TSchema {
  let schema = arrays.get(item);
  if (!schema) {
    schema = Type.Array(item);
    arrays.set(item, schema);
  }
  return schema;
}

// Fastify types a compiled serialiser as taking an object; an array schema's takes an array.
function serialiser(reply: FastifyReply, schema: TSchema): (value: unknown) => string {
  return reply.compileSerializationSchema(schema) as (value: unknown) => string;
}

/** What sendInSlices writes: the object without its long array, and the array with its items' schema. */
export interface SlicedAnswer<T> {
  /** The object's other fields, and the schema that serialises them (the whole answer's, less the array). */
  rest: { value: object; schema: TSchema };
  /** The field that holds the long array. */
  key: string;
  /** Its items, and the schema of one. */
  items: { values: readonly T[]; schema: TSchema };
  /** Applied to each item just before it is written (the plan's dates), so that it too is done a slice at a time. */
  map?: (item: T) => unknown;
}

/** The JSON of `{ ...rest, [key]: items }`, serialising a slice of the items at a time between turns of the event loop. */
export async function* slicedObject<T>(reply: FastifyReply, answer: SlicedAnswer<T>): AsyncGenerator<string> {
  const rest = serialiser(reply, answer.rest.schema)(answer.rest.value);
  const slice = serialiser(reply, arrayOf(answer.items.schema));
  const { values } = answer.items;
  const map = answer.map;
  // The long array first, then the other fields: `{"systems":[…],` + the rest without its `{`.
  yield `{${JSON.stringify(answer.key)}:[`;
  for (let i = 0; i < values.length; i += SLICE) {
    const part = values.slice(i, i + SLICE);
    const json = slice(map ? part.map(map) : part);
    // `[a,b]` → `a,b`, with a comma before every slice but the first.
    yield `${i === 0 ? '' : ','}${json.slice(1, -1)}`;
    await giveWay();
  }
  yield rest === '{}' ? ']}' : `],${rest.slice(1)}`;
}

/** Sends `{ ...rest, [key]: items }` as JSON, serialising a slice of the items at a time between turns of the event loop. */
export function sendInSlices<T>(reply: FastifyReply, answer: SlicedAnswer<T>): FastifyReply {
  return sendChunks(reply, slicedObject(reply, answer));
}

/** Sends `{ "a": …, "b": … }` whose fields are each written by `slicedObject`, in the order given. */
export function sendFieldsInSlices(
  reply: FastifyReply,
  fields: ReadonlyArray<readonly [string, AsyncIterable<string>]>,
): FastifyReply {
  async function* chunks(): AsyncGenerator<string> {
    yield '{';
    for (const [i, [key, value]] of fields.entries()) {
      yield `${i === 0 ? '' : ','}${JSON.stringify(key)}:`;
      yield* value;
    }
    yield '}';
  }
  return sendChunks(reply, chunks());
}

function sendChunks(reply: FastifyReply, chunks: AsyncIterable<string>): FastifyReply {
  reply.type('application/json; charset=utf-8');
  return reply.send(Readable.from(chunks, { objectMode: false }));
}
