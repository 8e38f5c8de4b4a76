/** The recovery board's chart, as figures: pure, so that the SVG and its table say the same. */
import type { ActualPoint } from '../../../domain/incident/board.js';
import type { ForecastPoint } from '../../../domain/incident/incident.js';

const HOUR = 3_600_000;

/** The chart's data, on one axis: hours since the detection. */
export interface ChartSeries {
  /** Hours from the detection to the opening (the forecast's zero). */
  offset: number;
  /** Hours from the detection to now. */
  elapsed: number;
  /** The axis' end: now or the forecast's last hour, whichever is later. */
  end: number;
  actual: { h: number; back: number }[];
  forecast: ForecastPoint[];
}

/** Puts the actual line and the stored forecast on one axis of hours since the detection. */
export function chartSeries(
  detectedAt: string,
  openedAt: string,
  asOf: string,
  actual: readonly ActualPoint[],
  forecast: readonly ForecastPoint[],
): ChartSeries {
  const t0 = new Date(detectedAt).getTime();
  const hours = (iso: string) => (new Date(iso).getTime() - t0) / HOUR;
  const offset = Math.max(0, hours(openedAt));
  const elapsed = Math.max(0, hours(asOf));
  const shifted = forecast.map((p) => ({ ...p, h: p.h + offset }));
  const end = Math.max(1, elapsed, shifted.at(-1)?.h ?? 0);
  return { offset, elapsed, end, actual: actual.map((p) => ({ h: hours(p.at), back: p.back })), forecast: shifted };
}

/** The actual count at hour h (since the detection): the last step at or before it; null after now. */
export function actualAt(series: ChartSeries, h: number): number | null {
  if (h > series.elapsed + 1e-9) return null;
  let value: number | null = null;
  for (const p of series.actual) if (p.h <= h + 1e-9) value = p.back;
  return value;
}

/** The forecast counts at hour h (since the detection); null before the opening. */
export function forecastAt(series: ChartSeries, h: number): { p50: number; p90: number } | null {
  if (h < series.offset - 1e-9 || series.forecast.length === 0) return null;
  let value = series.forecast[0];
  for (const p of series.forecast) if (p.h <= h + 1e-9) value = p;
  return { p50: value.p50, p90: value.p90 };
}

/** The axis' marks: every 6, 12 or 24 hours from 0 to its end, by how long it is. */
export function axisHours(series: ChartSeries): number[] {
  const step = series.end <= 48 ? 6 : series.end <= 240 ? 12 : 24;
  const out: number[] = [];
  for (let h = 0; h <= series.end; h += step) out.push(h);
  return out;
}

/** The hours the figures table lists: the axis' marks, and now. */
export function tableHours(series: ChartSeries): number[] {
  const out = axisHours(series);
  const now = Math.round(series.elapsed * 10) / 10;
  if (!out.includes(now)) out.push(now);
  return out.sort((a, b) => a - b);
}
