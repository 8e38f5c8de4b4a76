import { type MouseEvent, useEffect, useRef, useState } from 'react';
import { SYSTEM_STATUSES, type SystemStatus } from '../../../domain/catalogue/types.js';
import { api } from '../../api.js';
import { StatusBadge } from '../../components.js';
import { useT } from '../../i18n.js';
import { href, navigate } from '../../router.js';
import { type Layout, LINE_H, layOutInWorker } from './graphLayout.js';
import type { DatedPlan } from './planApi.js';

/** A line's path: an S-curve between columns (horizontal at both ends, so arrows point along the layers), or straight. */
function edgePath([a, b]: { x: number; y: number }[]): string {
  if (!a || !b) return '';
  if (a.y === b.y) return `M${a.x},${a.y} L${b.x},${b.y}`;
  const mid = (a.x + b.x) / 2;
  return `M${a.x},${a.y} C${mid},${a.y} ${mid},${b.y} ${b.x},${b.y}`;
}

/** The dependency graph in layers, coloured and labelled by status; each box links to its system. */
export function DependencyGraph({ plan }: { plan: DatedPlan }) {
  const t = useT();
  const [layout, setLayout] = useState<Layout | null>(null);
  const statusOf = new Map(plan.systems.map((s) => [s.id, s.status]));
  const [failed, setFailed] = useState(false);
  // From asking for the systems to the first frame with the graph drawn: what bench/README.md records.
  const started = useRef(0);
  const [drawMs, setDrawMs] = useState<number | null>(null);
  const statusText = (s: SystemStatus) => t(`status.${s}`);

  // biome-ignore lint/correctness/useExhaustiveDependencies: lay out again only when the plan (or the language) changes.
  useEffect(() => {
    let live = true;
    started.current = performance.now();
    setDrawMs(null);
    const status = new Map(plan.systems.map((s) => [s.id, s.status]));
    api
      .systems()
      .then(({ systems }) =>
        layOutInWorker(
          systems.map((s) => {
            const current = status.get(s.id) ?? s.status ?? 'down';
            return {
              id: s.id,
              name: s.name,
              status: current,
              statusText: statusText(current),
              depends_on: s.depends_on,
            };
          }),
        ),
      )
      .then(
        (result) => live && setLayout(result),
        () => live && setFailed(true),
      );
    return () => {
      live = false;
    };
  }, [plan, t]);

  useEffect(() => {
    if (!layout) return;
    const frame = requestAnimationFrame(() => setDrawMs(Math.round(performance.now() - started.current)));
    return () => cancelAnimationFrame(frame);
  }, [layout]);

  const go = (id: string) => (event: MouseEvent<Element>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(`/systems/${encodeURIComponent(id)}`);
  };

  return (
    <div className="plan-graph">
      <p>{t('plan.graphIntro')}</p>
      <h2>{t('plan.graphLegend')}</h2>
      <ul className="graph-legend">
        {SYSTEM_STATUSES.map((s) => (
          <li key={s}>
            <StatusBadge status={s} />
          </li>
        ))}
      </ul>
      {failed ? <p className="field-error">{t('plan.graphFailed')}</p> : null}
      {!layout && !failed ? <p className="loading">{t('plan.graphLoading')}</p> : null}
      {layout ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll by keyboard.
        <section className="plan-scroll graph-scroll" tabIndex={0} aria-label={t('plan.graphScroll')}>
          <svg
            className="graph-svg"
            viewBox={`0 0 ${layout.width} ${layout.height}`}
            width={layout.width}
            height={layout.height}
            aria-label={t('plan.graphLabel', { count: layout.nodes.length })}
            data-testid="dependency-graph"
            data-layout-ms={layout.ms}
            data-draw-ms={drawMs ?? undefined}
          >
            <defs>
              <marker
                id="graph-arrow"
                viewBox="0 0 10 10"
                refX="10"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto-start-reverse"
              >
                <path d="M 0 0 L 10 5 L 0 10 z" className="graph-arrowhead" />
              </marker>
            </defs>
            {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: this group holds only lines and text, nothing focusable; it is decoration. */}
            <g aria-hidden="true">
              {layout.edges.map((e) => (
                <path
                  key={e.id}
                  d={edgePath(e.points)}
                  className="graph-edge"
                  markerEnd={e.arrow ? 'url(#graph-arrow)' : undefined}
                />
              ))}
            </g>
            {layout.nodes.map((n) => {
              const status = statusOf.get(n.id) ?? 'down';
              const label = t('plan.graphNode', { name: n.lines.join(' '), status: statusText(status) });
              return (
                <a
                  key={n.id}
                  href={href(`/systems/${encodeURIComponent(n.id)}`)}
                  aria-label={label}
                  className="graph-link"
                  onClick={go(n.id)}
                >
                  <title>{label}</title>
                  <rect
                    x={n.x}
                    y={n.y}
                    width={n.width}
                    height={n.height}
                    rx={4}
                    className={`graph-node graph-${status}`}
                  />
                </a>
              );
            })}
            {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: only text, nothing focusable; the links beside it carry the full names. */}
            <g aria-hidden="true" className="graph-labels">
              {layout.nodes.map((n) => {
                const status = statusOf.get(n.id) ?? 'down';
                return (
                  <g key={n.id}>
                    <text x={n.x + 10} y={n.y + 19} className="graph-name">
                      {n.lines.map((line, k) => (
                        <tspan key={line} x={n.x + 10} dy={k === 0 ? 0 : LINE_H}>
                          {line}
                        </tspan>
                      ))}
                    </text>
                    <text
                      x={n.x + 10}
                      y={n.y + 19 + n.lines.length * LINE_H + 2}
                      className={`graph-status graph-status-${status}`}
                    >
                      {statusText(status)}
                    </text>
                  </g>
                );
              })}
            </g>
          </svg>
        </section>
      ) : null}
    </div>
  );
}
