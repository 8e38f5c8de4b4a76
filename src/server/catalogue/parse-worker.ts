/**
 * The worker thread that parses uploaded catalogue files (see upload.ts): YAML and JSON parsers
 * recurse and allocate per node, so a hostile file must hit this thread's memory cap and time
 * limit, not the server's.
 */
import { parentPort } from 'node:worker_threads';
import { parseImportText } from '../../domain/catalogue/parse.js';
import { nestingIssueOf, type ParseJob, type ParseReply } from './upload.js';

const port = parentPort;
if (port) {
  port.on('message', (job: ParseJob) => {
    let reply: ParseReply;
    try {
      const nesting = nestingIssueOf(job.fileName, job.text);
      reply = nesting
        ? { id: job.id, nesting }
        : { id: job.id, result: parseImportText(job.text, job.fileName, job.base, job.mode) };
    } catch (error) {
      // A parser that gives up (e.g. RangeError: too much recursion) refuses the file, not the server.
      reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage('ready');
}
