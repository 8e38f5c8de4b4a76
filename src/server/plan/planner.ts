/**
 * The heavy planner calls (a plan, a what-if) run here: in a small pool of worker threads, so that
 * re-planning a catalogue of 10,000 systems (seconds of CPU) never holds up the server's other
 * requests, or inline when the pool is switched off (`LIFEBOAT_PLANNER_THREADS=0`, the CLI, tests
 * that compare). Every job is plain JSON in and out.
 */
import type { Worker } from 'node:worker_threads';
import { LifeboatError } from '../../domain/errors.js';
import { msg } from '../../domain/messages.js';
import { moduleWorker } from '../module-worker.js';
import { pack, unpack } from './packing.js';
import { PLANNER_JOBS, type PlannerJobs } from './planner-jobs.js';

/** The kinds of job the planner runs: the keys of `PLANNER_JOBS`. */
export type JobKind = keyof PlannerJobs;
/** What a job of a kind takes. */
export type JobInput<K extends JobKind> = Parameters<PlannerJobs[K]>[0];
/** What a job of a kind gives back. */
export type JobOutput<K extends JobKind> = ReturnType<PlannerJobs[K]>;

/** How busy the planner is (the metrics read it). */
export interface PlannerStats {
  /** Worker threads running (0 inline, or before the first job). */
  threads: number;
  /** Jobs waiting for a free thread. */
  queued: number;
  /** Jobs being computed now. */
  running: number;
}

/** Runs planner jobs; `close` ends its threads (the app closes it with itself). */
export interface Planner {
  /** Runs a job; `packed` is the input already packed (packing.ts), when the caller made it anyway. */
  run<K extends JobKind>(kind: K, input: JobInput<K>, packed?: unknown): Promise<JobOutput<K>>;
  stats(): PlannerStats;
  close(): Promise<void>;
}

/** A message to a worker thread: one job, its input packed (packing.ts). */
export interface PlannerRequest {
  id: number;
  kind: JobKind;
  input: unknown;
}

/** A LifeboatError as it crosses a thread: its fields, rebuilt on the other side. */
export interface SentError {
  lifeboat: boolean;
  code?: LifeboatError['code'];
  message: string;
  field?: string;
  details?: unknown;
  key?: string;
  params?: LifeboatError['params'];
}

/** A worker's answer to a job, its output packed. */
export type PlannerReply = { id: number; output: unknown } | { id: number; error: SentError };

/** An error as it can cross a thread (structured clone keeps plain objects, not classes). */
export function sendError(error: unknown): SentError {
  if (error instanceof LifeboatError) {
    const { code, message, field, details, key, params } = error;
    return { lifeboat: true, code, message, field, details, key, params };
  }
  return { lifeboat: false, message: error instanceof Error ? error.message : String(error) };
}

/** The error a job's answer stands for: a LifeboatError keeps its code, field and catalogue key. */
export function receivedError(sent: SentError): Error {
  if (!sent.lifeboat || !sent.code) return new Error(`the planner failed: ${sent.message}`);
  const { field, details, key, params } = sent;
  return new LifeboatError(sent.code, sent.message, { field, details, key, params });
}

/** Runs each job on the calling thread; a job still answers through a promise, as the pool's do. */
export function inlinePlanner(): Planner {
  let running = 0;
  return {
    run: async (kind, input) => {
      running++;
      try {
        // Each kind's function takes its own input: the generic signature ties them (see PLANNER_JOBS).
        return (PLANNER_JOBS[kind] as (i: typeof input) => JobOutput<typeof kind>)(input);
      } finally {
        running--;
      }
    },
    stats: () => ({ threads: 0, queued: 0, running }),
    close: async () => {},
  };
}

function spawn(): Worker {
  return moduleWorker(import.meta.url, 'planner-worker');
}

interface Pending {
  request: PlannerRequest;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  ready: Promise<void>;
  job: Pending | undefined;
}

/**
 * The most jobs that may wait for a thread. Each holds its packed catalogue (megabytes for 10,000
 * systems) and a plan or an advice can take seconds to minutes: without a bound, requests that each
 * miss the cache (a new `seed` every time) would grow the queue, and the memory, for as long as they
 * came. Requests for a plan already queued share it (memo.ts) and take no place.
 */
export const MAX_QUEUED_JOBS = 32;

/**
 * A pool of `size` worker threads, started on the first job; jobs wait in one queue (at most
 * `maxQueued`, beyond that a job is refused as `rate_limited`) and each thread takes one at a time.
 * A thread that dies fails its job and is replaced on the next one.
 */
export function createPlannerPool(size: number, maxQueued = MAX_QUEUED_JOBS): Planner {
  if (!Number.isInteger(size) || size < 1) throw new Error(`a planner pool needs at least one thread (got ${size})`);
  const threads: Thread[] = [];
  const queue: Pending[] = [];
  let nextId = 0;
  let closed = false;

  const finish = (thread: Thread, settle: (job: Pending) => void) => {
    const job = thread.job;
    thread.job = undefined;
    if (job) settle(job);
    pump();
  };

  const start = (): Thread => {
    const worker = spawn();
    // A pool with nothing to do must not keep the process alive.
    worker.unref();
    const thread: Thread = { worker, job: undefined, ready: Promise.resolve() };
    thread.ready = new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    worker.on('message', (reply: PlannerReply | 'ready') => {
      if (reply === 'ready' || thread.job?.request.id !== reply.id) return;
      finish(thread, (job) =>
        'error' in reply
          ? job.reject(receivedError(reply.error))
          : unpack(reply.output).then(job.resolve, (error: Error) => job.reject(error)),
      );
    });
    worker.on('error', (error) => {
      remove(thread);
      finish(thread, (job) => job.reject(new Error(`the planner failed: ${error.message}`)));
    });
    worker.on('exit', () => {
      remove(thread);
      finish(thread, (job) => job.reject(new Error('the planner stopped')));
    });
    threads.push(thread);
    return thread;
  };

  const remove = (thread: Thread) => {
    const i = threads.indexOf(thread);
    if (i >= 0) threads.splice(i, 1);
  };

  const pump = () => {
    if (closed) return;
    while (queue.length > 0) {
      const idle = threads.find((t) => !t.job) ?? (threads.length < size ? start() : undefined);
      if (!idle) return;
      const job = queue.shift() as Pending;
      idle.job = job;
      idle.ready.then(
        () => idle.worker.postMessage(job.request),
        (error: Error) => {
          remove(idle);
          finish(idle, (j) => j.reject(new Error(`the planner did not start: ${error.message}`)));
        },
      );
    }
  };

  return {
    run: async (kind, input, packed) => {
      const request: PlannerRequest = { id: ++nextId, kind, input: packed ?? (await pack(input)) };
      return new Promise((resolve, reject) => {
        if (closed) {
          reject(new LifeboatError('internal', 'the server is shutting down'));
          return;
        }
        if (queue.length >= maxQueued) {
          reject(
            new LifeboatError(
              'rate_limited',
              msg('err.http.rateLimited', 'Too many requests; wait a moment and try again.'),
            ),
          );
          return;
        }
        queue.push({ request, resolve: resolve as (output: unknown) => void, reject });
        pump();
      });
    },
    stats: () => ({
      threads: threads.length,
      queued: queue.length,
      running: threads.filter((t) => t.job).length,
    }),
    close: async () => {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new LifeboatError('internal', 'the server is shutting down'));
      await Promise.all(threads.splice(0).map((t) => t.worker.terminate()));
    },
  };
}

/** The planner a server runs with: a pool of `threads` workers, or inline with 0. */
export function createPlanner(threads: number): Planner {
  return threads > 0 ? createPlannerPool(threads) : inlinePlanner();
}
