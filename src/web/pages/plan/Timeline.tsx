import { type MouseEvent, useState } from 'react';
import { useLocale, useT } from '../../i18n.js';
import { href, navigate } from '../../router.js';
import { formatHours, restartOrder } from './format.js';
import type { DatedPlan, PlanLine } from './planApi.js';

const WIDTH = 1000;
const LEFT = 200;
const RIGHT = 24;
const AXIS = 34;
const ROW = 24;
const BAR = 14;
const LANE_PAD = 8;
// Average advance of a 10.5px label character, generous; a bold 13px team name; the detail's 12px text.
const CHAR = 6.2;
const TEAM_CHAR = 7.4;
const CALLOUT_CHAR = 6.6;
const CALLOUT_CHAR_BOLD = 7.4;
const CALLOUT_H = 46;

/** A readable step for hour ticks, so that about eight of them fit. */
export function tickStep(maxHours: number): number {
  for (const step of [1, 2, 4, 6, 12, 24, 48, 72, 168, 336, 720]) if (maxHours / step <= 10) return step;
  return Math.ceil(maxHours / 10 / 720) * 720;
}

/** What a bar takes up in its row, in hours: the bar, its whisker and its label when the label sits beside it. */
export interface Extent {
  id: string;
  from: number;
  to: number;
}

/**
 * Places bars in rows so that no bar, whisker or label overlaps another: each goes to the first row that
 * is free at its start, and holds that row until its extent ends.
 */
export function packRows(items: Extent[]): Map<string, number> {
  const rowEnds: number[] = [];
  const rows = new Map<string, number>();
  for (const b of [...items].sort((x, y) => x.from - y.from || x.to - y.to || (x.id < y.id ? -1 : 1))) {
    let r = rowEnds.findIndex((end) => end <= b.from);
    if (r < 0) {
      r = rowEnds.length;
      rowEnds.push(Number.NEGATIVE_INFINITY);
    }
    rowEnds[r] = Math.max(b.to, b.from + 1e-9);
    rows.set(b.id, r);
  }
  return rows;
}

/** Where a bar's name goes: inside the bar when it fits, else right of the whisker, else left of the bar. */
export type LabelPlace = 'inside' | 'right' | 'left';

/**
 * Chooses the place of a bar's label (all in drawing units): inside when the name fits in the bar, right of
 * the whisker when there is room before `right`, else left of the bar when there is room after `left`,
 * else right (the name is then shortened to the room left).
 */
export function placeLabel(
  bar: { x0: number; x1: number; whiskerEnd: number },
  textWidth: number,
  left: number,
  right: number,
): LabelPlace {
  if (bar.x1 - bar.x0 >= textWidth + 6) return 'inside';
  if (bar.whiskerEnd + 4 + textWidth <= right) return 'right';
  if (bar.x0 - 4 - textWidth >= left) return 'left';
  return 'right';
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
  const perHour = (WIDTH - LEFT - RIGHT) / end;
  const x = (hours: number) => LEFT + hours * perHour;

  // Each bar's label goes where it can be read whole; the rows then keep labels beside bars apart too.
  const labelled = new Map(
    open.map((s) => {
      const x0 = x(s.start_h);
      const x1 = Math.max(x0 + 3, x(s.finish_h));
      const whiskerEnd = Math.max(x1, x(s.p90_h));
      const textWidth = s.name.length * CHAR;
      const place = placeLabel({ x0, x1, whiskerEnd }, textWidth, LEFT, WIDTH - 2);
      const from = place === 'left' ? x0 - 4 - textWidth : x0;
      const to = place === 'right' ? whiskerEnd + 4 + textWidth : whiskerEnd;
      return [s.id, { place, x0, x1, whiskerEnd, from: (from - LEFT) / perHour, to: (to - LEFT) / perHour }];
    }),
  );

  let y = AXIS;
  const lanes = teamIds.map((team, k) => {
    const bars = open.filter((s) => s.team === team);
    const rows = packRows(
      bars.map((s) => ({ id: s.id, from: labelled.get(s.id)?.from ?? 0, to: labelled.get(s.id)?.to ?? 0 })),
    );
    const count = Math.max(1, ...[...rows.values()].map((r) => r + 1));
    const lane = { team, k, top: y, height: count * ROW + 2 * LANE_PAD, bars, rows };
    y += lane.height;
    return lane;
  });
  // Room below the last lane for the detail of a focused bar there.
  const height = y + 4 + CALLOUT_H;
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
  const placed = lanes.flatMap((lane) =>
    lane.bars.map((s) => {
      const top = lane.top + LANE_PAD + (lane.rows.get(s.id) ?? 0) * ROW + (ROW - BAR) / 2;
      const at = labelled.get(s.id) ?? { place: 'right' as LabelPlace, x0: 0, x1: 0, whiskerEnd: 0 };
      return {
        s,
        top,
        x0: at.x0,
        w: at.x1 - at.x0,
        whiskerEnd: at.whiskerEnd,
        place: at.place,
        mid: top + BAR / 2,
        inProgress: s.status === 'restoring' || s.status === 'verifying',
      };
    }),
  );
  const activeBar = placed.find((p) => p.s.id === active);
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
                <line x1={x(v)} x2={x(v)} y1={AXIS - 6} y2={y} className="tl-grid" />
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
                  {wrapTeam(teamName(lane.team), Math.floor((LEFT - 16) / TEAM_CHAR)).map((line, k, all) => (
                    <tspan key={line} x={8} dy={k === 0 ? -((all.length - 1) * 15) / 2 : 15}>
                      {line}
                    </tspan>
                  ))}
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
            {placed.map(({ s, top, x0, whiskerEnd, place, inProgress }) => {
              const y0 = top + BAR - 3;
              if (place === 'inside')
                return (
                  <text key={s.id} x={x0 + 3} y={y0} className={inProgress ? 'tl-label tl-label-dark' : 'tl-label'}>
                    {s.name}
                  </text>
                );
              if (place === 'left')
                return (
                  <text key={s.id} x={x0 - 4} y={y0} className="tl-label tl-label-beside tl-label-left">
                    {s.name}
                  </text>
                );
              const room = Math.floor((WIDTH - 2 - whiskerEnd - 4) / CHAR);
              return (
                <text key={s.id} x={whiskerEnd + 4} y={y0} className="tl-label tl-label-beside">
                  {truncate(s.name, Math.max(4, room))}
                </text>
              );
            })}
          </g>
          {activeBar ? <Callout bar={activeBar} teamName={teamName} height={height} /> : null}
        </svg>
      </section>
    </section>
  );
}

/** The detail of the focused or pointed-at bar, drawn next to it (below, or above near the bottom). */
function Callout({
  bar,
  teamName,
  height,
}: {
  bar: { s: PlanLine; top: number; x0: number };
  teamName: (id: string | null) => string;
  height: number;
}) {
  const t = useT();
  const { locale } = useLocale();
  const h = (x: number) => formatHours(x, locale);
  const { s } = bar;
  const first = t('ui.timeline.calloutName', { name: s.name, team: teamName(s.team) });
  const second = t('ui.timeline.callout', {
    start: h(s.start_h),
    finish: h(s.finish_h),
    p50: h(s.p50_h),
    p90: h(s.p90_h),
  });
  const width = Math.min(WIDTH - 4, Math.max(first.length * CALLOUT_CHAR_BOLD, second.length * CALLOUT_CHAR) + 16);
  const x0 = Math.max(2, Math.min(bar.x0, WIDTH - 2 - width));
  const below = bar.top + BAR + 4;
  const y0 = below + CALLOUT_H - 4 <= height ? below : bar.top - 4 - (CALLOUT_H - 4);
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: only a box and text; the focused link already carries the same words.
    <g className="tl-callout" aria-hidden="true" data-testid="timeline-callout">
      <rect x={x0} y={y0} width={width} height={CALLOUT_H - 4} rx={3} className="tl-callout-box" />
      <text x={x0 + 8} y={y0 + 16} className="tl-callout-name">
        {first}
      </text>
      <text x={x0 + 8} y={y0 + 33} className="tl-callout-text">
        {second}
      </text>
    </g>
  );
}

/** A team's name in lines that fit the lane's label column; a long word is shortened, nothing else. */
function wrapTeam(name: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of name.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.map((l) => truncate(l, max));
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}
