import { describe, expect, it } from 'vitest';
import { validateCatalogue } from '../../domain/catalogue/validate.js';
import { DEMO_CATALOGUE } from './demo-catalogue.js';

describe('the demo catalogue', () => {
  it('is a valid catalogue, already in normal form', () => {
    const result = validateCatalogue(structuredClone(DEMO_CATALOGUE));
    expect(result.ok ? [] : result.issues).toEqual([]);
    // Already normalised, so what the store gives back equals what was seeded.
    if (result.ok) expect(result.catalogue).toEqual(DEMO_CATALOGUE);
  });

  it('is the plausible municipality the demo promises', () => {
    const c = DEMO_CATALOGUE;
    expect(c.organisation).toEqual({ name: 'Sjövik kommun', locale: 'sv', timezone: 'Europe/Stockholm' });
    expect(c.units.length).toBeGreaterThanOrEqual(10);
    expect(c.units.some((u) => u.kind === 'company')).toBe(true);
    expect(c.teams).toHaveLength(4);
    expect(c.systems.length).toBeGreaterThanOrEqual(45);
    expect(c.systems.length).toBeLessThanOrEqual(60);
    for (const kind of ['infrastructure', 'platform', 'application'] as const)
      expect(c.systems.filter((s) => s.kind === kind).length).toBeGreaterThan(5);
    const statuses = new Set(c.systems.map((s) => s.status ?? 'down'));
    for (const s of ['down', 'restoring', 'verifying', 'limited', 'operational']) expect(statuses).toContain(s);
    expect(c.systems.filter((s) => s.public_name).length).toBeGreaterThanOrEqual(3);
    for (const u of c.units) for (const p of u.contacts) if (p.phone) expect(p.phone).toMatch(/^\+46 /);
  });

  it('never has a system back in service before what it needs', () => {
    const byId = new Map(DEMO_CATALOGUE.systems.map((s) => [s.id, s]));
    const up = (id: string) => ['limited', 'operational'].includes(byId.get(id)?.status ?? 'down');
    for (const s of DEMO_CATALOGUE.systems)
      if (up(s.id)) for (const d of s.depends_on) expect(up(d), `${s.id} needs ${d}`).toBe(true);
  });

  it('has public services in every status, each with help for residents in Swedish and English', () => {
    const services = DEMO_CATALOGUE.systems.filter((s) => s.public_name);
    const statuses = new Set(services.map((s) => s.status ?? 'down'));
    for (const s of ['down', 'restoring', 'verifying', 'limited', 'operational']) expect(statuses).toContain(s);
    for (const s of services) {
      const help = s.public_help;
      expect(typeof help === 'object' && help.sv && help.en, s.id).toBeTruthy();
    }
  });
});
