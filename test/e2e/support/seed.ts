import { expect } from 'vitest';
import type { Role } from '../../../src/domain/roles.js';
import { createToken, createUserWithPassword } from '../../../src/server/users/users.service.js';
import type { E2E } from './harness.js';

/** A user a browser test makes straight in the database, as its set-up. */
export interface SeedUser {
  email: string;
  name: string;
  role: Role;
  password: string;
}

/** Makes a user in the database (no UI, no invitation): the set-up of a browser test. */
export async function seedUser(env: E2E, user: SeedUser): Promise<{ id: string }> {
  return env.db.transaction().execute((trx) => createUserWithPassword(trx, env.deps, user));
}

/** Imports a catalogue through the API with a token of the given administrator; fails the test if refused. */
export async function seedCatalogue(
  env: E2E,
  adminId: string,
  file: { name: string; content: string },
  query = '',
): Promise<void> {
  const { token } = await env.db.transaction().execute((trx) => createToken(trx, env.deps, adminId, 'seed', adminId));
  const res = await fetch(`${env.baseUrl}/api/catalogue/import${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ file_name: file.name, content: file.content }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}
