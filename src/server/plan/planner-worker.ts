/**
 * A planner thread (see planner.ts): runs one job at a time and answers with its result or its error,
 * so that a plan of seconds blocks this thread and not the server's. Inputs and outputs come packed (packing.ts).
 */
import { parentPort } from 'node:worker_threads';
import { packSync, unpackSync } from './packing.js';
import type { PlannerReply, PlannerRequest } from './planner.js';
import { sendError } from './planner.js';
import { PLANNER_JOBS } from './planner-jobs.js';

const port = parentPort;
if (port) {
  port.on('message', (request: PlannerRequest) => {
    let reply: PlannerReply;
    try {
      // The kind picks the function; its input was built for that kind by planner.ts's typed `run`.
      const job = PLANNER_JOBS[request.kind] as (input: unknown) => unknown;
      reply = { id: request.id, output: packSync(job(unpackSync(request.input))) };
    } catch (error) {
      reply = { id: request.id, error: sendError(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage('ready');
}
