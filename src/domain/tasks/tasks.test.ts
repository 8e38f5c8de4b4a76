import { describe, expect, it } from 'vitest';
import { mayReadTask, mayReportTask, type TaskActor } from '../access.js';
import { zoneFormatter } from '../time.js';
import { deadlineOf, isOverdue, nextPending, obligationOverdue, SWEDISH_OBLIGATIONS } from './tasks.js';

const NOW = new Date('2026-12-02T10:00:00Z');
const STOCKHOLM = zoneFormatter('Europe/Stockholm');

describe('isOverdue', () => {
  it('is overdue only when open and past its due time', () => {
    expect(isOverdue({ status: 'open', due_at: '2026-12-02T09:59:59Z' }, NOW)).toBe(true);
    expect(isOverdue({ status: 'open', due_at: '2026-12-02T10:00:00Z' }, NOW)).toBe(false);
    expect(isOverdue({ status: 'open', due_at: '2026-12-02T11:00:00Z' }, NOW)).toBe(false);
    expect(isOverdue({ status: 'reported', due_at: '2026-12-01T00:00:00Z' }, NOW)).toBe(false);
    expect(isOverdue({ status: 'cancelled', due_at: '2026-12-01T00:00:00Z' }, NOW)).toBe(false);
    expect(isOverdue({ status: 'open', due_at: null }, NOW)).toBe(false);
  });
});

describe('deadlineOf', () => {
  const hours = (n: number) => ({ deadline_amount: n, deadline_unit: 'hours' as const });
  const months = (n: number) => ({ deadline_amount: n, deadline_unit: 'months' as const });

  it('counts hours as elapsed time, also across the change to summer time', () => {
    // 28 March 2027 02:00 becomes 03:00 in Stockholm: 24 h later is 11:00 local, not 10:00.
    const detected = new Date('2027-03-27T09:00:00Z'); // 10:00 +01:00
    const due = deadlineOf(detected, hours(24), STOCKHOLM);
    expect(due.toISOString()).toBe('2027-03-28T09:00:00.000Z');
    expect(STOCKHOLM.format(due.getTime())).toBe('2027-03-28T11:00:00+02:00');
    expect(deadlineOf(detected, hours(72), STOCKHOLM).toISOString()).toBe('2027-03-30T09:00:00.000Z');
  });

  it('counts a month on the wall clock: the same local time across a change to summer time', () => {
    const detected = new Date('2027-03-10T09:30:00Z'); // 10:30 +01:00
    const due = deadlineOf(detected, months(1), STOCKHOLM);
    expect(STOCKHOLM.format(due.getTime())).toBe('2027-04-10T10:30:00+02:00');
    expect(due.toISOString()).toBe('2027-04-10T08:30:00.000Z');
  });

  it('and back to winter time', () => {
    const detected = new Date('2026-10-15T20:00:00Z'); // 22:00 +02:00
    expect(STOCKHOLM.format(deadlineOf(detected, months(1), STOCKHOLM).getTime())).toBe('2026-11-15T22:00:00+01:00');
  });

  it('holds the day back to the end of a shorter month', () => {
    const jan31 = new Date('2027-01-31T11:00:00Z'); // 12:00 +01:00
    expect(STOCKHOLM.format(deadlineOf(jan31, months(1), STOCKHOLM).getTime())).toBe('2027-02-28T12:00:00+01:00');
    const leap = new Date('2028-01-31T11:00:00Z');
    expect(STOCKHOLM.format(deadlineOf(leap, months(1), STOCKHOLM).getTime())).toBe('2028-02-29T12:00:00+01:00');
    const aug31 = new Date('2026-08-31T10:00:00Z'); // 12:00 +02:00
    expect(STOCKHOLM.format(deadlineOf(aug31, months(1), STOCKHOLM).getTime())).toBe('2026-09-30T12:00:00+02:00');
  });

  it('uses the local date, not the UTC one, at a month end', () => {
    // 00:30 on 1 December in Stockholm is still 30 November in UTC: a month later is 1 January local.
    const detected = new Date('2026-11-30T23:30:00Z');
    expect(STOCKHOLM.format(deadlineOf(detected, months(1), STOCKHOLM).getTime())).toBe('2027-01-01T00:30:00+01:00');
    // 23:30 on 31 January local: the end of February, not 1 March.
    const late = new Date('2027-01-31T22:30:00Z');
    expect(STOCKHOLM.format(deadlineOf(late, months(1), STOCKHOLM).getTime())).toBe('2027-02-28T23:30:00+01:00');
  });

  it('gives the Swedish templates their deadlines', () => {
    const detected = new Date('2026-12-01T07:00:00Z');
    const dues = SWEDISH_OBLIGATIONS.map((t) => deadlineOf(detected, t, STOCKHOLM).toISOString());
    expect(dues).toEqual([
      '2026-12-02T07:00:00.000Z',
      '2026-12-04T07:00:00.000Z',
      '2027-01-01T07:00:00.000Z',
      '2026-12-04T07:00:00.000Z',
    ]);
  });
});

describe('obligations', () => {
  it('is overdue only while pending after its deadline', () => {
    const past = new Date('2026-12-02T09:00:00Z');
    expect(obligationOverdue('pending', past, NOW)).toBe(true);
    expect(obligationOverdue('sent', past, NOW)).toBe(false);
    expect(obligationOverdue('not_applicable', past, NOW)).toBe(false);
    expect(obligationOverdue('pending', new Date('2026-12-02T11:00:00Z'), NOW)).toBe(false);
  });

  it('finds the first pending deadline', () => {
    const list = [
      { id: 'a', state: 'sent' as const, deadline_at: '2026-12-01T00:00:00Z' },
      { id: 'b', state: 'pending' as const, deadline_at: '2026-12-05T00:00:00Z' },
      { id: 'c', state: 'pending' as const, deadline_at: '2026-12-03T00:00:00Z' },
    ];
    expect(nextPending(list)?.id).toBe('c');
    expect(nextPending(list.slice(0, 1))).toBeNull();
  });
});

describe('task rules', () => {
  const person = { assignee_user_id: 'u1', assignee_unit_id: null };
  const unit = { assignee_user_id: null, assignee_unit_id: 'school' };
  const actor = (role: TaskActor['role'], user_id = 'u9', unit_id: string | null = null): TaskActor => ({
    role,
    user_id,
    unit_id,
  });

  it('lets the assignee report back, and those who manage tasks on its behalf', () => {
    expect(mayReportTask(actor('recovery', 'u1'), person)).toBe(true);
    expect(mayReportTask(actor('recovery', 'u2'), person)).toBe(false);
    expect(mayReportTask(actor('staff'), person)).toBe(true);
    expect(mayReportTask(actor('admin'), unit)).toBe(true);
    expect(mayReportTask(actor('reporter', 'u3', 'school'), unit)).toBe(true);
    expect(mayReportTask(actor('reporter', 'u3', 'care'), unit)).toBe(false);
    expect(mayReportTask(actor('communicator'), unit)).toBe(false);
    expect(mayReportTask(actor('observer', 'u1'), person)).toBe(false);
  });

  it('shows a reporter only its own unit and its own tasks', () => {
    expect(mayReadTask(actor('observer'), unit)).toBe(true);
    expect(mayReadTask(actor('reporter', 'u3', 'school'), unit)).toBe(true);
    expect(mayReadTask(actor('reporter', 'u3', 'care'), unit)).toBe(false);
    expect(mayReadTask(actor('reporter', 'u1', 'care'), person)).toBe(true);
    expect(mayReadTask(actor('reporter', 'u3', 'care'), person)).toBe(false);
  });
});
