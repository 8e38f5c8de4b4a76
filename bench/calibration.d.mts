/** Types of bench/calibration.mjs, for its smoke test. */
export interface SideFigures {
  p50: number;
  p90: number;
  pinball50: number;
  pinball90: number;
}
export interface RealityResult {
  reality: string;
  incidents: number;
  systems: number;
  finished_mean: number;
  in_progress_mean: number;
  learned_factor_vs_true: number;
  learned: SideFigures;
  unlearned: SideFigures;
}
export const REALITIES: Array<{ name: string; median: number; sigma: number }>;
export const GOALS: { p50: [number, number]; p90: [number, number] };
/** Simulates incidents of each reality and scores the learned and unlearned forecasts. */
export function calibrate(options?: {
  incidents?: number;
  runs?: number;
  seed?: number;
  reveal?: number;
  realities?: Array<{ name: string; median: number; sigma: number }>;
}): Promise<RealityResult[]>;
/** Whether a reality's learned figures meet issue 11's goals. */
export function meetsGoals(r: Pick<RealityResult, 'learned' | 'unlearned'>): boolean;
