import { describe, expect, it } from 'vitest';
import { catalogueAudience } from '../access.js';
import { changedFields, isPlanRelevant, isStatusOnly, planFieldsOf } from './changes.js';

describe('catalogue changes', () => {
  it('names the fields that differ, absent and added alike', () => {
    expect(changedFields({ a: 1, b: [1] }, { a: 1, b: [2], c: 'x' })).toEqual(['b', 'c']);
    expect(changedFields(null, { id: 'x' })).toEqual(['id']);
  });

  it('logs adds, removes and plan-relevant changes only', () => {
    expect(isPlanRelevant('system', 'add', [])).toBe(true);
    expect(isPlanRelevant('system', 'change', ['name'])).toBe(false);
    expect(isPlanRelevant('system', 'change', ['name', 'depends_on'])).toBe(true);
    expect(planFieldsOf('team', ['name', 'capacity'])).toEqual(['capacity']);
    expect(isPlanRelevant('unit', 'change', ['contacts'])).toBe(false);
  });

  it('knows a change of status alone', () => {
    expect(isStatusOnly('system', 'change', ['status'])).toBe(true);
    expect(isStatusOnly('system', 'change', ['remaining_hours', 'status'])).toBe(false);
    expect(isStatusOnly('team', 'change', ['status'])).toBe(false);
  });

  it('tells a public system to everyone, an owned one to its unit, a unit to itself', () => {
    expect(catalogueAudience('system', 'mail', { public_name: 'E-post', owner: 'it' })).toEqual({ kind: 'public' });
    expect(catalogueAudience('system', 'ad', { owner: 'it' })).toEqual({ kind: 'unit', unit_id: 'it' });
    expect(catalogueAudience('unit', 'soc', {})).toEqual({ kind: 'unit', unit_id: 'soc' });
    expect(catalogueAudience('team', 'infra', {})).toEqual({ kind: 'internal' });
  });
});
