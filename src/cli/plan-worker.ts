/**
 * A forecast worker: runs the Monte Carlo runs [from, to) it is given and sends back their
 * finish times in transferable buffers. Run streams depend only on (seed, run index), so the
 * result equals that of one thread.
 */
import { parentPort } from 'node:worker_threads';
import { type ForecastOptions, simulateRuns } from '../domain/plan/forecast.js';
import { type ModelTransfer, modelFromTransfer } from '../domain/plan/model.js';

/** What the main thread sends a worker. */
export interface WorkerRequest {
  model: ModelTransfer;
  options: ForecastOptions;
  from: number;
  to: number;
}

parentPort?.once('message', (request: WorkerRequest) => {
  const chunk = simulateRuns(modelFromTransfer(request.model), request.options, request.from, request.to);
  parentPort?.postMessage(chunk, [chunk.finish.buffer, chunk.makespan.buffer, chunk.within.buffer]);
});
