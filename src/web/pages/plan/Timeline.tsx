import { type MouseEvent, useState } from 'react';
import { useLocale, useT } from '../../i18n.js';
import { href, navigate } from '../../router.js';
import { formatHours, restartOrder } from './format.js';
import type { DatedPlan, PlanLine } from './planApi.js';

const WIDTH = 1000;
const LEFT = 180;
const RIGHT = 24;
const AXIS = 34;
const ROW = 24;
const BAR = 14;
const LANE_PAD = 8;
const CHAR = 6.6;

/** A readable step for hour ticks, so that about eight of them fit. */
export function tickStep(maxHours: number): number {
  for (const step of [1, 2, 4, 6, 12, 24, 48, 72, 168, 336, 720]) if (maxHours / step <= 10) return step;
  return Math.ceil(maxHours / 10 / 720) * 720;
}

/**
 * Places bars in rows so that no bar or whisker overlaps another: each goes to the first row that is
 * free at its start, and holds that row until its whisker (P90) ends.
 */
export function packRows(bars: PlanLine[]): Map<string, number> {
  const rowEnds: number[] = [];
  const rows = new Map<string, number>();
  for (const b of [...bars].sort(
    (x, y) => x.start_h - y.start_h || x.finish_h - y.finish_h || (x.id < y.id ? -1 : 1),
  )) {
    let r = rowEnds.findIndex((end) => end <= b.start_h);
    if (r < 0) {
      r = rowEnds.length;
      rowEnds.push(0);
    }
    rowEnds[r] = Math.max(b.finish_h, b.p90_h, b.start_h + 1e-9);
    rows.set(b.id, r);
  }
  return rows;
}

/** The likely schedule as bars in one lane per team, with the forecast's P50–P90 as whiskers. */
export function Timeline({ plan, teamName }: { plan: DatedPlan; teamName: (id: string | null) => string }) {
  const t = useT();
  const { locale } = useLocale();
  const [active, setActive] = useState<string | null>(null);
  const h = (x: number) => formatHours(x, locale);
  const open = plan.systems.filter((s) => s.status !== 'limited' && s.status !== 'operational');
  const teamIds: (string | null)[] = [];
  for (const s of restartOrder(open)) if (!teamIds.includes(s.team)) teamIds.push(s.team);
  // Teams in the order their first system starts; systems without a team last.
  teamIds.sort((a, b) => (a === null ? 1 : b === null ? -1 : 0));
  const maxH = Math.max(1, plan.makespan_h, ...open.map((s) => s.p90_h));
  const step = tickStep(maxH);
  const end = Math.ceil(maxH / step) * step;
  const x = (hours: number) => LEFT + (hours / end) * (WIDTH - LEFT - RIGHT);

  let y = AXIS;
  const lanes = teamIds.map((team, k) => {
    const bars = open.filter((s) => s.team === team);
    const rows = packRows(bars);
    const count = Math.max(1, ...[...rows.values()].map((r) => r + 1));
    const lane = { team, k, top: y, height: count * ROW + 2 * LANE_PAD, bars, rows };
    y += lane.height;
    return lane;
  });
  const height = y + 4;
  const ticks: number[] = [];
  for (let v = 0; v <= end; v += step) ticks.push(v);

  const label = (s: PlanLine) =>
    t('plan.timelineBar', {
      name: s.name,
      team: teamName(s.team),
      start: h(s.start_h),
      finish: h(s.finish_h),
      p50: h(s.p50_h),
      p90: h(s.p90_h),
    });
  const activeLine = open.find((s) => s.id === active);
  const placed = lanes.flatMap((lane) =>
    lane.bars.map((s) => {
      const top = lane.top + LANE_PAD + (lane.rows.get(s.id) ?? 0) * ROW + (ROW - BAR) / 2;
      const x0 = x(s.start_h);
      return {
        s,
        top,
        x0,
        w: Math.max(3, x(s.finish_h) - x0),
        mid: top + BAR / 2,
        inProgress: s.status === 'restoring' || s.status === 'verifying',
      };
    }),
  );
  const go = (id: string) => (event: MouseEvent<Element>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(`/systems/${encodeURIComponent(id)}`);
  };

  return (
    <section aria-labelledby="plan-timeline" className="plan-timeline">
      <h2 id="plan-timeline">{t('plan.timeline')}</h2>
      <p>{t('plan.timelineIntro')}</p>
      <p className="hint">{t('plan.timelineHint')}</p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll by keyboard. */}
      <section className="plan-scroll" tabIndex={0} aria-label={t('plan.timeline')}>
        <svg
          className="timeline-svg"
          viewBox={`0 0 ${WIDTH} ${height}`}
          width={WIDTH}
          height={height}
          aria-label={t('plan.timelineLabel', {
            count: open.length,
            teams: teamIds.filter((id) => id !== null).length,
            hours: h(plan.makespan_h),
          })}
        >
          <defs>
            <pattern id="tl-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" className="tl-hatch-bg" />
              <line x1="0" y1="0" x2="0" y2="6" className="tl-hatch-line" />
            </pattern>
          </defs>
          {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: this group holds only lines and text, nothing focusable; it is decoration. */}
          <g aria-hidden="true">
            <text x={LEFT} y={12} className="tl-axis-title">
              {t('plan.axisHours')}
            </text>
            {ticks.map((v) => (
              <g key={v}>
                <line x1={x(v)} x2={x(v)} y1={AXIS - 6} y2={height - 4} className="tl-grid" />
                <text x={x(v)} y={AXIS - 10} className="tl-tick">
                  {h(v)}
                </text>
              </g>
            ))}
            {lanes.map((lane) => (
              <g key={lane.team ?? '-'}>
                <rect
                  x={0}
                  y={lane.top}
                  width={WIDTH}
                  height={lane.height}
                  className={lane.k % 2 ? 'tl-lane tl-lane-odd' : 'tl-lane'}
                />
                <text x={8} y={lane.top + lane.height / 2 + 4} className="tl-team">
                  {truncate(teamName(lane.team), Math.floor((LEFT - 16) / CHAR))}
                </text>
              </g>
            ))}
          </g>
          {placed.map(({ s, top, x0, w, mid, inProgress }) => {
            const text = label(s);
            return (
              <a
                key={s.id}
                href={href(`/systems/${encodeURIComponent(s.id)}`)}
                aria-label={text}
                className={active === s.id ? 'tl-link tl-active' : 'tl-link'}
                onClick={go(s.id)}
                onFocus={() => setActive(s.id)}
                onBlur={() => setActive((a) => (a === s.id ? null : a))}
                onMouseEnter={() => setActive(s.id)}
                onMouseLeave={() => setActive((a) => (a === s.id ? null : a))}
              >
                <title>{text}</title>
                <line x1={x(s.p50_h)} x2={x(s.p90_h)} y1={mid} y2={mid} className="tl-whisker" />
                <line x1={x(s.p50_h)} x2={x(s.p50_h)} y1={mid - 4} y2={mid + 4} className="tl-whisker" />
                <line x1={x(s.p90_h)} x2={x(s.p90_h)} y1={mid - 4} y2={mid + 4} className="tl-whisker" />
                <rect
                  x={x0}
                  y={top}
                  width={w}
                  height={BAR}
                  rx={2}
                  className={inProgress ? 'tl-bar tl-bar-progress' : 'tl-bar'}
                />
              </a>
            );
          })}
          {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: only text, nothing focusable; the links beside it carry the full names. */}
          <g aria-hidden="true" className="tl-labels">
            {placed.map(({ s, top, x0, w, inProgress }) => {
              const fits = Math.floor((w - 6) / CHAR);
              return fits >= 4 ? (
                <text
                  key={s.id}
                  x={x0 + 3}
                  y={top + BAR - 3}
                  className={inProgress ? 'tl-label tl-label-dark' : 'tl-label'}
                >
                  {truncate(s.name, fits)}
                </text>
              ) : null;
            })}
          </g>
        </svg>
      </section>
      <p className="tl-focus" aria-hidden="true">
        {activeLine ? t('plan.timelineFocus', { text: label(activeLine) }) : '\u00a0'}
      </p>
    </section>
  );
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}
