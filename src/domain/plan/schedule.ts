/**
 * The deterministic list schedule (DESIGN.md, "Restart schedule"), as an event simulation over
 * typed arrays: one binary heap of finish events keyed by time, and one binary heap per team
 * keyed by effective-priority rank. The same Scheduler serves the plan and every forecast run.
 */
import { type PlanModel, STATE_DONE, STATE_IN_PROGRESS, STATE_TODO } from './model.js';

/** Reusable scratch space and results of one schedule over a model. */
export class Scheduler {
  readonly model: PlanModel;
  /** Results of the last run (ready, start and waitingFor only in detail mode). */
  readonly ready: Float64Array;
  readonly start: Float64Array;
  readonly finish: Float64Array;
  readonly waitingFor: Int32Array;
  /**
   * Detail mode, for a system that waited for its team: the system of that team whose finish
   * freed the slot it took (the smallest id among those finishing then); -1 otherwise.
   */
  readonly slotFrom: Int32Array;
  makespan = 0;

  private readonly pending: Int32Array;
  private readonly depCount: Int32Array;
  private readonly events: Int32Array;
  private readonly eventKey: Float64Array;
  /** Per team: when it last freed a slot, and the smallest id that freed one then (detail mode). */
  private readonly freedAt: Float64Array;
  private readonly freedBy: Int32Array;
  private eventCount = 0;
  private readonly teamHeap: Int32Array;
  private readonly teamOffset: Int32Array;
  private readonly teamSize: Int32Array;
  private readonly inUse: Int32Array;
  private readonly dirty: Int32Array;
  private readonly isDirty: Uint8Array;
  private dirtyCount = 0;

  constructor(model: PlanModel) {
    this.model = model;
    const { n, depStart, team, teamIds } = model;
    this.ready = new Float64Array(n);
    this.start = new Float64Array(n);
    this.finish = new Float64Array(n);
    this.waitingFor = new Int32Array(n);
    this.pending = new Int32Array(n);
    this.depCount = new Int32Array(n);
    // A system that is done or in progress never becomes ready: one more than it can count down.
    for (let i = 0; i < n; i++) {
      this.depCount[i] = depStart[i + 1] - depStart[i] + (model.state[i] === STATE_TODO ? 0 : 1);
    }
    this.events = new Int32Array(n);
    this.eventKey = new Float64Array(n);
    const teams = teamIds.length;
    this.teamOffset = new Int32Array(teams + 1);
    for (let i = 0; i < n; i++) if (team[i] >= 0) this.teamOffset[team[i] + 1]++;
    for (let k = 0; k < teams; k++) this.teamOffset[k + 1] += this.teamOffset[k];
    this.teamHeap = new Int32Array(Math.max(1, this.teamOffset[teams]));
    this.teamSize = new Int32Array(teams);
    this.inUse = new Int32Array(teams);
    this.dirty = new Int32Array(teams);
    this.isDirty = new Uint8Array(teams);
    this.freedAt = new Float64Array(teams);
    this.freedBy = new Int32Array(teams);
    this.slotFrom = new Int32Array(n);
  }

  /**
   * Runs the schedule with the given durations (for systems in progress: their remaining hours).
   * In detail mode it also records ready, start and waitingFor (the dependency that finished
   * last, ties to the smaller id, -1 for none); otherwise only finish times and the makespan.
   */
  run(duration: Float64Array, detail: boolean): void {
    const m = this.model;
    const { n, state, team, outStart, out, teamCapacity, byRank, ids } = m;
    const { ready, start, finish, waitingFor, pending, inUse } = this;
    pending.set(this.depCount);
    this.eventCount = 0;
    this.teamSize.fill(0);
    inUse.fill(0);
    this.dirtyCount = 0;
    this.isDirty.fill(0);
    if (detail) {
      ready.fill(0);
      waitingFor.fill(-1);
      this.slotFrom.fill(-1);
      this.freedAt.fill(-1);
    }
    for (let i = 0; i < n; i++) {
      const s = state[i];
      if (s === STATE_DONE) {
        start[i] = 0;
        finish[i] = 0;
        this.pushEvent(i);
      } else if (s === STATE_IN_PROGRESS) {
        start[i] = 0;
        finish[i] = duration[i];
        if (team[i] >= 0) inUse[team[i]]++;
        this.pushEvent(i);
      } else if (pending[i] === 0) {
        this.becomeReady(i, 0, duration);
      }
    }
    let t = 0;
    let makespan = 0;
    for (;;) {
      // Every finish at t before any start at t.
      while (this.eventCount > 0 && this.eventKey[0] <= t) {
        const v = this.popEvent();
        const k = team[v];
        if (k >= 0 && state[v] !== STATE_DONE) {
          inUse[k]--;
          this.markDirty(k);
          if (detail && (this.freedAt[k] !== t || ids[v] < ids[this.freedBy[k]])) {
            this.freedAt[k] = t;
            this.freedBy[k] = v;
          }
        }
        for (let p = outStart[v]; p < outStart[v + 1]; p++) {
          const w = out[p];
          if (detail && state[w] === STATE_TODO) {
            const wf = waitingFor[w];
            if (wf < 0 || t > ready[w] || (t === ready[w] && ids[v] < ids[wf])) {
              ready[w] = t;
              waitingFor[w] = v;
            }
          }
          if (--pending[w] === 0) this.becomeReady(w, t, duration);
        }
      }
      for (let d = 0; d < this.dirtyCount; d++) {
        const k = this.dirty[d];
        this.isDirty[k] = 0;
        const cap = teamCapacity[k];
        while (inUse[k] < cap && this.teamSize[k] > 0) {
          const v = byRank[this.popTeam(k)];
          inUse[k]++;
          if (detail && ready[v] < t && this.freedAt[k] === t) this.slotFrom[v] = this.freedBy[k];
          start[v] = t;
          finish[v] = t + duration[v];
          this.pushEvent(v);
        }
      }
      this.dirtyCount = 0;
      if (this.eventCount === 0) break;
      t = this.eventKey[0];
      if (t > makespan) makespan = t;
    }
    this.makespan = makespan;
  }

  private becomeReady(v: number, t: number, duration: Float64Array): void {
    const k = this.model.team[v];
    if (k < 0) {
      this.start[v] = t;
      this.finish[v] = t + duration[v];
      this.pushEvent(v);
      return;
    }
    this.pushTeam(k, this.model.rank[v]);
    this.markDirty(k);
  }

  private markDirty(k: number): void {
    if (this.isDirty[k] === 0) {
      this.isDirty[k] = 1;
      this.dirty[this.dirtyCount++] = k;
    }
  }

  // Finish events: a min-heap on finish time, keys stored inline so that sifting reads one array.
  // Among equal times the pop order does not matter: waitingFor breaks its ties by id itself.
  private pushEvent(v: number): void {
    const h = this.events;
    const key = this.eventKey;
    const tv = this.finish[v];
    let c = this.eventCount++;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (key[p] <= tv) break;
      h[c] = h[p];
      key[c] = key[p];
      c = p;
    }
    h[c] = v;
    key[c] = tv;
  }

  private popEvent(): number {
    const h = this.events;
    const key = this.eventKey;
    const top = h[0];
    const size = --this.eventCount;
    if (size > 0) {
      const v = h[size];
      const tv = key[size];
      let p = 0;
      for (;;) {
        let c = 2 * p + 1;
        if (c >= size) break;
        if (c + 1 < size && key[c + 1] < key[c]) c++;
        if (tv <= key[c]) break;
        h[p] = h[c];
        key[p] = key[c];
        p = c;
      }
      h[p] = v;
      key[p] = tv;
    }
    return top;
  }

  // Team queues: min-heaps of ranks (rank 0 is the highest effective priority), one per team.
  private pushTeam(k: number, r: number): void {
    const h = this.teamHeap;
    const base = this.teamOffset[k];
    let c = this.teamSize[k]++;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (h[base + p] < r) break;
      h[base + c] = h[base + p];
      c = p;
    }
    h[base + c] = r;
  }

  private popTeam(k: number): number {
    const h = this.teamHeap;
    const base = this.teamOffset[k];
    const top = h[base];
    const size = --this.teamSize[k];
    if (size > 0) {
      const r = h[base + size];
      let p = 0;
      for (;;) {
        let c = 2 * p + 1;
        if (c >= size) break;
        if (c + 1 < size && h[base + c + 1] < h[base + c]) c++;
        if (r < h[base + c]) break;
        h[base + p] = h[base + c];
        p = c;
      }
      h[base + p] = r;
    }
    return top;
  }
}

/** The durations of the likely plan: likely estimates, and remaining hours for systems in progress. */
export function likelyDurations(model: PlanModel): Float64Array {
  const d = new Float64Array(model.n);
  for (let i = 0; i < model.n; i++) {
    d[i] =
      model.state[i] === STATE_IN_PROGRESS ? model.remaining[i] : model.state[i] === STATE_DONE ? 0 : model.likely[i];
  }
  return d;
}
