/** The restart plan as a table for an 80–120 column terminal. */

import { DEFAULT_ESTIMATE } from '../domain/catalogue/types.js';
import type { PlanResult, PlanSystem, PlanWarning } from '../domain/plan/plan.js';
import { type Locale, type MessageKey, translate } from '../i18n/index.js';

/** Turns hours from now into a date (only with --as-of). */
export type TimeFormatter = (hours: number) => string;

const NARROW = 100;

function hours(h: number): string {
  return h.toFixed(1);
}

function cell(text: string, width: number): string {
  if (text.length <= width) return text.padEnd(width);
  return `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** A short local date for the table, from an ISO date-time with offset: `11-30 14:00`. */
function shortDate(iso: string): string {
  return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

type Tr = (key: MessageKey, params?: Record<string, string | number>) => string;

function waitingText(s: PlanSystem, tr: Tr): string {
  if (s.status === 'limited' || s.status === 'operational' || s.status === 'restoring' || s.status === 'verifying') {
    // The history's hours stand beside the estimate's band: what it took, or has taken so far.
    const took = s.actual_h === undefined ? '' : `, ${tr('cli.plan.took', { hours: hours(s.actual_h) })}`;
    const soFar = s.elapsed_h === undefined ? '' : `, ${tr('cli.plan.soFar', { hours: hours(s.elapsed_h) })}`;
    return `(${tr(`status.${s.status}`).toLowerCase()}${took}${soFar})`;
  }
  const team = s.start_h - s.ready_h;
  const dep = s.waiting_for ?? '';
  const slot = tr('cli.plan.teamWait', { hours: hours(team) });
  if (team > 0.05) return dep ? `${dep}, ${slot}` : slot;
  return dep;
}

// The domain's warnings carry their English text; the table renders them from their code and data.
function warningText(w: PlanWarning, plan: PlanResult, tr: Tr): string {
  if (w.code === 'no-estimate') {
    const d = DEFAULT_ESTIMATE;
    return tr('cli.plan.noEstimate', { system: w.system, low: d.low, likely: d.likely, high: d.high });
  }
  const rtoOf = (id: string) => plan.systems.find((s) => s.id === id)?.rto_hours;
  const needs = (w.needs ?? []).map((id) => `${id} (${rtoOf(id)} h)`).join(', ');
  return tr('cli.plan.rtoInversion', { system: w.system, rto: rtoOf(w.system) ?? '', needs });
}

/**
 * Renders the plan in `locale` (English by default): header, what the forecast learned (or that
 * `learningOff` kept it from learning), systems in restart order, the critical chain and the warnings.
 */
export function formatPlanTable(
  plan: PlanResult,
  organisation: string,
  dateOf?: TimeFormatter,
  locale: Locale = 'en',
  learningOff = false,
): string {
  const tr: Tr = (key, params) => translate(locale, key, params);
  // The date column needs room of its own; the rest keeps to about 100 columns.
  const WIDTH = dateOf ? NARROW + 12 : NARROW;
  const lines: string[] = [];
  const f = plan.forecast;
  lines.push(tr('cli.plan.title', { organisation, count: plan.systems.length }));
  const end = dateOf ? ` (${shortDate(dateOf(plan.makespan_h))})` : '';
  lines.push(tr('cli.plan.likely', { hours: hours(plan.makespan_h), end }));
  const fEnd = dateOf ? ` (${shortDate(dateOf(f.p50_h))} – ${shortDate(dateOf(f.p90_h))})` : '';
  lines.push(
    tr('cli.plan.forecast', {
      p50: hours(f.p50_h),
      p90: hours(f.p90_h),
      end: fEnd,
      runs: f.runs,
      seed: f.seed,
      friction: f.friction,
    }),
  );
  const l = plan.learning;
  if (l) {
    lines.push(
      tr('cli.plan.learned', {
        finished: l.finished,
        inProgress: l.in_progress,
        factor: l.factor_p50.toFixed(1),
        low: l.factor_p05.toFixed(1),
        high: l.factor_p95.toFixed(1),
      }),
    );
  } else if (learningOff) lines.push(tr('cli.plan.learningOff'));
  lines.push('');

  const order = plan.systems.map((s, i) => ({ s, i }));
  order.sort((a, b) => a.s.start_h - b.s.start_h || a.s.finish_h - b.s.finish_h || a.i - b.i);
  const idWidth = Math.min(22, Math.max(6, ...plan.systems.map((s) => s.id.length)));
  const teamWidth = Math.min(12, Math.max(4, ...plan.systems.map((s) => (s.team ?? '-').length)));
  const dateCol = dateOf ? 12 : 0;
  const fixed = 7 + 8 + 14 + (dateCol ? dateCol + 1 : 0) + teamWidth + 1 + idWidth + 1;
  const waitWidth = 24;
  const nameWidth = Math.max(10, WIDTH - fixed - waitWidth - 1);
  const head =
    `${tr('cli.plan.col.start').padStart(6)} ${tr('cli.plan.col.finish').padStart(7)} ${tr('cli.plan.col.band').padStart(13)} ` +
    (dateOf ? `${cell(tr('cli.plan.col.back'), dateCol)} ` : '') +
    `${cell(tr('cli.plan.col.team'), teamWidth)} ${cell(tr('cli.plan.col.system'), idWidth)} ` +
    `${cell(tr('cli.plan.col.name'), nameWidth)} ${tr('cli.plan.col.waiting')}`;
  lines.push(head);
  lines.push('-'.repeat(Math.min(WIDTH + 8, head.length + 12)));
  for (const { s } of order) {
    const band = `${hours(s.p50_h)}–${hours(s.p90_h)}`;
    lines.push(
      `${hours(s.start_h).padStart(6)} ${hours(s.finish_h).padStart(7)} ${band.padStart(13)} ` +
        (dateOf ? `${cell(shortDate(dateOf(s.p50_h)), dateCol)} ` : '') +
        `${cell(s.team ?? '-', teamWidth)} ${cell(s.id, idWidth)} ${cell(s.name, nameWidth)} ${waitingText(s, tr)}`.trimEnd(),
    );
  }
  lines.push('');

  if (plan.critical_chain.length > 0) {
    lines.push(tr('cli.plan.chain', { count: plan.critical_chain.length, hours: hours(plan.makespan_h) }));
    const steps = plan.critical_chain.map(
      (c, k) =>
        `${k > 0 && c.waited_for === 'team' ? `${tr('cli.plan.teamSlot')} ` : ''}${c.id} ${hours(c.start_h)}–${hours(c.finish_h)}`,
    );
    let line = ' ';
    for (const [k, step] of steps.entries()) {
      const piece = k === 0 ? ` ${step}` : ` → ${step}`;
      if (line.length + piece.length > WIDTH) {
        lines.push(line);
        line = ' ';
      }
      line += piece;
    }
    lines.push(line);
    lines.push('');
  }

  if (plan.warnings.length > 0) {
    lines.push(tr('cli.plan.warnings', { count: plan.warnings.length }));
    const shown = plan.warnings.slice(0, 40);
    for (const w of shown) lines.push(`  ${warningText(w, plan, tr)}`);
    if (plan.warnings.length > shown.length) {
      lines.push(`  ${tr('cli.plan.warningsMore', { count: plan.warnings.length - shown.length })}`);
    }
  } else {
    lines.push(tr('cli.plan.warningsNone'));
  }
  return `${lines.join('\n')}\n`;
}
