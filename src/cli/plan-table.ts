/** The restart plan as a table for an 80–120 column terminal. */
import type { PlanResult, PlanSystem } from '../domain/plan/plan.js';

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

function waitingText(s: PlanSystem): string {
  if (s.status === 'limited' || s.status === 'operational') return `(${s.status})`;
  if (s.status === 'restoring' || s.status === 'verifying') return `(${s.status})`;
  const team = s.start_h - s.ready_h;
  const dep = s.waiting_for ?? '';
  if (team > 0.05) return dep ? `${dep}, team +${hours(team)} h` : `team +${hours(team)} h`;
  return dep;
}

/** Renders the plan: header, systems in restart order, the critical chain and the warnings. */
export function formatPlanTable(plan: PlanResult, organisation: string, dateOf?: TimeFormatter): string {
  // The date column needs room of its own; the rest keeps to about 100 columns.
  const WIDTH = dateOf ? NARROW + 12 : NARROW;
  const lines: string[] = [];
  const f = plan.forecast;
  lines.push(`Restart plan: ${organisation}, ${plan.systems.length} systems`);
  const end = dateOf ? ` (${shortDate(dateOf(plan.makespan_h))})` : '';
  lines.push(`Likely schedule: everything back after ${hours(plan.makespan_h)} h${end}`);
  const fEnd = dateOf ? ` (${shortDate(dateOf(f.p50_h))} – ${shortDate(dateOf(f.p90_h))})` : '';
  lines.push(
    `Forecast: P50 ${hours(f.p50_h)} h, P90 ${hours(f.p90_h)} h${fEnd}` +
      `  [${f.runs} runs, seed ${f.seed}, friction ${f.friction}]`,
  );
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
    `${'Start'.padStart(6)} ${'Finish'.padStart(7)} ${'P50–P90 h'.padStart(13)} ` +
    (dateOf ? `${'Back (P50)'.padEnd(dateCol)} ` : '') +
    `${cell('Team', teamWidth)} ${cell('System', idWidth)} ${cell('Name', nameWidth)} Waiting for`;
  lines.push(head);
  lines.push('-'.repeat(Math.min(WIDTH + 8, head.length + 12)));
  for (const { s } of order) {
    const band = `${hours(s.p50_h)}–${hours(s.p90_h)}`;
    lines.push(
      `${hours(s.start_h).padStart(6)} ${hours(s.finish_h).padStart(7)} ${band.padStart(13)} ` +
        (dateOf ? `${cell(shortDate(dateOf(s.p50_h)), dateCol)} ` : '') +
        `${cell(s.team ?? '-', teamWidth)} ${cell(s.id, idWidth)} ${cell(s.name, nameWidth)} ${waitingText(s)}`.trimEnd(),
    );
  }
  lines.push('');

  if (plan.critical_chain.length > 0) {
    lines.push(`Critical chain (${plan.critical_chain.length} systems, ends at ${hours(plan.makespan_h)} h):`);
    const steps = plan.critical_chain.map(
      (c, k) =>
        `${k > 0 && c.waited_for === 'team' ? '(team slot) ' : ''}${c.id} ${hours(c.start_h)}–${hours(c.finish_h)}`,
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
    lines.push(`Warnings (${plan.warnings.length}):`);
    const shown = plan.warnings.slice(0, 40);
    for (const w of shown) lines.push(`  ${w.message}`);
    if (plan.warnings.length > shown.length) {
      lines.push(`  … and ${plan.warnings.length - shown.length} more (see --json)`);
    }
  } else {
    lines.push('Warnings: none');
  }
  return `${lines.join('\n')}\n`;
}
