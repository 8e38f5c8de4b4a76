import type { MessageKey } from '../../../i18n/index.js';
import { TableScroll } from '../../components.js';
import { formatTime, useLocale, useT } from '../../i18n.js';
import { actualAt, axisHours, chartSeries, forecastAt, tableHours } from './chart.js';
import type { Board } from './incidentApi.js';

const W = 720;
const H = 260;
const PAD = { left: 44, right: 12, top: 12, bottom: 36 };

// A step line through points (h, count): the count holds until the next point.
function stepPath(points: { h: number; v: number }[], x: (h: number) => number, y: (v: number) => number): string {
  let d = '';
  let last: number | null = null;
  for (const p of points) {
    if (last === null) d += `M${x(p.h).toFixed(1)},${y(p.v).toFixed(1)}`;
    else d += `H${x(p.h).toFixed(1)}V${y(p.v).toFixed(1)}`;
    last = p.v;
  }
  return d;
}

const LINES: { key: MessageKey; className: string }[] = [
  { key: 'board.chart.actual', className: 'line-actual' },
  { key: 'board.chart.p50', className: 'line-p50' },
  { key: 'board.chart.p90', className: 'line-p90' },
];

/**
 * Systems back over time: the actual line against the forecast stored at the opening, as an SVG (lines told
 * apart by dash pattern and a legend in words) with the same figures as a summary and a table.
 */
export function BoardChart({ chart, asOf }: { chart: NonNullable<Board['chart']>; asOf: string }) {
  const t = useT();
  const { locale } = useLocale();
  const series = chartSeries(chart.detected_at, chart.opened_at, asOf, chart.actual, chart.forecast?.curve ?? []);
  const total = Math.max(1, chart.total);
  const x = (h: number) => PAD.left + (h / series.end) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / total) * (H - PAD.top - PAD.bottom);
  const actualNow = actualAt(series, series.elapsed) ?? 0;
  const forecastNow = forecastAt(series, series.elapsed);
  const paths = [
    stepPath(
      series.actual.map((p) => ({ h: p.h, v: p.back })),
      x,
      y,
    ),
    stepPath(
      series.forecast.map((p) => ({ h: p.h, v: p.p50 })),
      x,
      y,
    ),
    stepPath(
      series.forecast.map((p) => ({ h: p.h, v: p.p90 })),
      x,
      y,
    ),
  ];
  const xTicks = axisHours(series);
  const yTicks = [0, Math.round(total / 2), total];
  const summary = t('board.chartDesc', {
    back: actualNow,
    total: chart.total,
    p50: forecastNow?.p50 ?? '–',
    p90: forecastNow?.p90 ?? '–',
  });
  return (
    <section aria-labelledby="chart-title" className="board-chart">
      <h2 id="chart-title">{t('board.chart')}</h2>
      <p id="chart-desc">{summary}</p>
      <ul className="chart-legend">
        {LINES.map((l) => (
          <li key={l.key}>
            <svg width="36" height="10" aria-hidden="true">
              <line x1="0" y1="5" x2="36" y2="5" className={l.className} />
            </svg>{' '}
            {t(l.key)}
          </li>
        ))}
      </ul>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={t('board.chart')}
        aria-describedby="chart-desc"
        className="chart-svg"
      >
        <title>{t('board.chart')}</title>
        <g className="chart-axis">
          <line x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} />
          <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} />
          {xTicks.map((h) => (
            <text key={`x${h}`} x={x(h)} y={H - PAD.bottom + 14} textAnchor="middle">
              {h}
            </text>
          ))}
          {yTicks.map((v) => (
            <text key={`y${v}`} x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
              {v}
            </text>
          ))}
          <text x={(W + PAD.left) / 2} y={H - 4} textAnchor="middle">
            {t('board.chart.hours')}
          </text>
          <line className="chart-now" x1={x(series.elapsed)} y1={PAD.top} x2={x(series.elapsed)} y2={H - PAD.bottom} />
        </g>
        {paths.map((d, i) => (
          <path key={LINES[i].key} d={d} className={LINES[i].className} fill="none" />
        ))}
      </svg>
      <details className="chart-table">
        <summary>{t('board.chart.table')}</summary>
        <TableScroll label={t('board.chart.table')}>
          <table className="data-table compact">
            <caption className="visually-hidden">{t('board.chart.table')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('board.chart.h')}</th>
                <th scope="col">{t('board.chart.at')}</th>
                <th scope="col" className="num">
                  {t('board.chart.actual')}
                </th>
                <th scope="col" className="num">
                  {t('board.chart.p50')}
                </th>
                <th scope="col" className="num">
                  {t('board.chart.p90')}
                </th>
              </tr>
            </thead>
            <tbody>
              {tableHours(series).map((h) => {
                const f = forecastAt(series, h);
                const a = actualAt(series, h);
                const at = new Date(new Date(chart.detected_at).getTime() + h * 3_600_000).toISOString();
                return (
                  <tr key={h}>
                    <th scope="row">{h}</th>
                    <td>{formatTime(at, locale)}</td>
                    <td className="num">{a ?? '–'}</td>
                    <td className="num">{f?.p50 ?? '–'}</td>
                    <td className="num">{f?.p90 ?? '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </section>
  );
}
