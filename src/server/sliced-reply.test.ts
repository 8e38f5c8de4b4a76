import { type TSchema, Type } from '@sinclair/typebox';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { sendFieldsInSlices, sendInSlices, slicedObject } from './sliced-reply.js';

const Item = Type.Object({ id: Type.String(), n: Type.Number() });
const Rest = Type.Object({ total: Type.Integer(), note: Type.Optional(Type.String()) });

/** A server with one route that answers `count` items in slices, each item through `map`. */
async function answer(count: number, rest: object = { total: count }, schema: TSchema = Rest) {
  const app = Fastify();
  app.get('/', async (_request, reply) =>
    sendInSlices(reply, {
      rest: { value: rest, schema },
      key: 'items',
      items: { values: Array.from({ length: count }, (_, i) => ({ id: `s${i}`, secret: 'x' })), schema: Item },
      map: (item) => ({ ...(item as object), n: 2 }),
    }),
  );
  const res = await app.inject({ method: 'GET', url: '/' });
  await app.close();
  return res;
}

describe('sendInSlices', () => {
  it.each([0, 1, 249, 250, 251, 500, 501, 1234])('writes %i items whole and in order, as JSON', async (count) => {
    const res = await answer(count);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toEqual({
      items: Array.from({ length: count }, (_, i) => ({ id: `s${i}`, n: 2 })),
      total: count,
    });
  });

  it("writes only what the schemas name: an item's or the rest's extra field stays out", async () => {
    const res = await answer(3, { total: 3, note: 'kept', password: 'never' });
    expect(res.body).not.toContain('secret');
    expect(res.body).not.toContain('never');
    expect(res.json()).toMatchObject({ note: 'kept', total: 3 });
  });

  it('writes the array alone when the rest has no fields', async () => {
    const res = await answer(2, {}, Type.Object({}));
    expect(res.json()).toEqual({
      items: [
        { id: 's0', n: 2 },
        { id: 's1', n: 2 },
      ],
    });
  });

  it('lets other work run between slices', async () => {
    // A timer due at once fires before a 2,000-item answer is finished: the answer gave way.
    const app = Fastify();
    const order: string[] = [];
    app.get('/', async (_request, reply) => {
      setTimeout(() => order.push('timer'), 0);
      return sendInSlices(reply, {
        rest: { value: { total: 0 }, schema: Rest },
        key: 'items',
        items: { values: Array.from({ length: 2000 }, (_, i) => ({ id: `s${i}`, n: i })), schema: Item },
        map: (item) => {
          if ((item as { n: number }).n === 1999) order.push('last item');
          return item;
        },
      });
    });
    await app.inject({ method: 'GET', url: '/' });
    await app.close();
    expect(order).toEqual(['timer', 'last item']);
  });
});

describe('sendFieldsInSlices', () => {
  it('writes each field whole and in order, none of them, or one empty', async () => {
    const items = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `s${i}`, n: i, secret: 'x' }));
    const app = Fastify();
    app.get('/:count', async (request, reply) => {
      const count = Number((request.params as { count: string }).count);
      const field = (n: number) =>
        slicedObject(reply, {
          rest: { value: { total: n, password: 'never' }, schema: Rest },
          key: 'items',
          items: { values: items(n), schema: Item },
        });
      return sendFieldsInSlices(
        reply,
        count < 0
          ? []
          : [
              ['base', field(count)],
              ['variant', field(0)],
            ],
      );
    });
    const strip = (count: number) => items(count).map(({ id, n }) => ({ id, n }));
    for (const count of [1, 600]) {
      const res = await app.inject({ method: 'GET', url: `/${count}` });
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).not.toMatch(/secret|never/);
      expect(Object.keys(res.json())).toEqual(['base', 'variant']);
      expect(res.json()).toEqual({ base: { items: strip(count), total: count }, variant: { items: [], total: 0 } });
    }
    expect((await app.inject({ method: 'GET', url: '/-1' })).json()).toEqual({});
    await app.close();
  });
});
