import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { type MouseEvent, useEffect, useState } from 'react';
import { SYSTEM_STATUSES, type SystemStatus } from '../../../domain/catalogue/types.js';
import { api } from '../../api.js';
import { StatusBadge } from '../../components.js';
import { useT } from '../../i18n.js';
import { href, navigate } from '../../router.js';
import type { DatedPlan } from './planApi.js';

const NODE_H = 46;
// Average advance of a bold 12px character; generous so that no name runs out of its box.
const CHAR = 7.8;
const MAX_CHARS = 30;

/** A laid-out system: its box, name and status. */
interface GraphNode {
  id: string;
  name: string;
  status: SystemStatus;
  x: number;
  y: number;
  width: number;
}

/** A laid-out dependency: the points of its path, from what is needed to what needs it. */
interface GraphEdge {
  id: string;
  points: { x: number; y: number }[];
}

interface Layout {
  width: number;
  height: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Lays the systems out in layers with elkjs (loaded with this module, on demand), foundations first. */
async function layOut(
  systems: { id: string; name: string; status: SystemStatus; depends_on: string[] }[],
  statusText: (s: SystemStatus) => string,
): Promise<Layout> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const known = new Set(systems.map((s) => s.id));
  const widthOf = (s: { name: string; status: SystemStatus }) =>
    Math.max(truncate(s.name, MAX_CHARS).length, statusText(s.status).length) * CHAR + 20;
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.spacing.nodeNode': '14',
      'elk.edgeRouting': 'POLYLINE',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
    },
    children: systems.map((s) => ({ id: s.id, width: widthOf(s), height: NODE_H })),
    edges: systems.flatMap((s) =>
      s.depends_on
        .filter((d) => known.has(d))
        .map((d): ElkExtendedEdge => ({ id: `${d}->${s.id}`, sources: [d], targets: [s.id] })),
    ),
  };
  const laid = await elk.layout(root);
  const byId = new Map(systems.map((s) => [s.id, s]));
  const nodes: GraphNode[] = (laid.children ?? []).map((n) => {
    const s = byId.get(n.id);
    return {
      id: n.id,
      name: s?.name ?? n.id,
      status: s?.status ?? 'down',
      x: n.x ?? 0,
      y: n.y ?? 0,
      width: n.width ?? 0,
    };
  });
  const edges: GraphEdge[] = (laid.edges ?? []).map((e) => {
    const section = (e as ElkExtendedEdge).sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
    return { id: e.id, points };
  });
  return { width: Math.ceil(laid.width ?? 0) + 2, height: Math.ceil(laid.height ?? 0) + 2, nodes, edges };
}

/** The dependency graph in layers, coloured and labelled by status; each box links to its system. */
export function DependencyGraph({ plan }: { plan: DatedPlan }) {
  const t = useT();
  const [layout, setLayout] = useState<Layout | null>(null);
  const [failed, setFailed] = useState(false);
  const statusText = (s: SystemStatus) => t(`status.${s}`);

  // biome-ignore lint/correctness/useExhaustiveDependencies: lay out again only when the plan (or the language) changes.
  useEffect(() => {
    let live = true;
    const status = new Map(plan.systems.map((s) => [s.id, s.status]));
    api
      .systems()
      .then(({ systems }) =>
        layOut(
          systems.map((s) => ({
            id: s.id,
            name: s.name,
            status: status.get(s.id) ?? s.status ?? 'down',
            depends_on: s.depends_on,
          })),
          statusText,
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
                <polyline
                  key={e.id}
                  points={e.points.map((p) => `${p.x},${p.y}`).join(' ')}
                  className="graph-edge"
                  markerEnd="url(#graph-arrow)"
                />
              ))}
            </g>
            {layout.nodes.map((n) => {
              const label = t('plan.graphNode', { name: n.name, status: statusText(n.status) });
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
                    height={NODE_H}
                    rx={4}
                    className={`graph-node graph-${n.status}`}
                  />
                </a>
              );
            })}
            {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: only text, nothing focusable; the links beside it carry the full names. */}
            <g aria-hidden="true" className="graph-labels">
              {layout.nodes.map((n) => (
                <g key={n.id}>
                  <text x={n.x + 10} y={n.y + 19} className="graph-name">
                    {truncate(n.name, MAX_CHARS)}
                  </text>
                  <text x={n.x + 10} y={n.y + 37} className={`graph-status graph-status-${n.status}`}>
                    {statusText(n.status)}
                  </text>
                </g>
              ))}
            </g>
          </svg>
        </section>
      ) : null}
    </div>
  );
}
