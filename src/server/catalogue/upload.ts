/**
 * Uploaded catalogue files (docs/api.md, "Import"): decoded by the one decoder, refused when they
 * nest too deep before any parser sees them, and parsed in a worker thread with a memory cap and a
 * time limit, so that one request cannot stall or crash the server.
 */
import type { Worker } from 'node:worker_threads';
import { decodeCatalogueBytes, type FileEncoding, replacementCharIssue } from '../../domain/catalogue/decode.js';
import type { ImportMode } from '../../domain/catalogue/merge.js';
import { jsonNestingIssue, yamlNestingIssue } from '../../domain/catalogue/nesting.js';
import { formatOfFileName, type ParseResult } from '../../domain/catalogue/parse.js';
import type { Catalogue, CatalogueIssue } from '../../domain/catalogue/types.js';
import { LifeboatError } from '../../domain/errors.js';
import { type Message, msg } from '../../domain/messages.js';
import { moduleWorker } from '../module-worker.js';

/** What an upload may cost. */
export interface UploadLimits {
  /** The largest body of the import routes, in bytes. */
  maxBytes: number;
  /** How long one file may take to parse, in milliseconds. */
  timeoutMs: number;
  /** The parse worker's heap (V8 old generation), in MB. */
  memoryMb: number;
}

/** The limits of issue 6: 8 MB bodies; a YAML file of 10,000 systems (0.8 MB) parses within the time limit even on a busy machine. */
export const UPLOAD_LIMITS: UploadLimits = { maxBytes: 8 * 1024 * 1024, timeoutMs: 30_000, memoryMb: 384 };

/**
 * A body of bytes as the import routes' content-type parser hands it on. The bytes sit in a private
 * field: the server's input walks (the U+0000 guard) see an object with no entries, not a Buffer of
 * eight million of them.
 */
export class UploadedBytes {
  readonly #bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** The file's bytes. */
  get bytes(): Uint8Array {
    return this.#bytes;
  }
}

/** An uploaded file as text, with what decoding it said. */
export interface DecodedUpload {
  fileName: string;
  text: string;
  encoding: FileEncoding;
  /** Lines in `FILE: message` form for the user (e.g. "read as Windows-1252"). */
  warnings: string[];
}

function refused(fileName: string, given: string | Message, details: Record<string, unknown> = {}): LifeboatError {
  const message = typeof given === 'string' ? { text: given, key: undefined, params: undefined } : given;
  const issue: CatalogueIssue = { field: '', message: message.text };
  if (message.key) issue.key = message.key;
  if (message.params) issue.params = message.params;
  return new LifeboatError('invalid_catalogue', `${fileName}: ${message.text}`, {
    details: { issues: [issue], ...details },
  });
}

/** Decodes an uploaded file's bytes (UTF-8, or Windows-1252 with a warning); 422 naming the encoding otherwise. */
export function decodeUpload(fileName: string, bytes: Uint8Array): DecodedUpload {
  const decoded = decodeCatalogueBytes(bytes);
  if (!decoded.ok) {
    const { message, key, params } = decoded;
    throw refused(fileName, { text: message, key, params }, { encoding: decoded.encoding });
  }
  const warnings = decoded.warning ? [`${fileName}: ${decoded.warning}`] : [];
  return { fileName, text: decoded.text, encoding: decoded.encoding, warnings };
}

/** A file sent as JSON text: already decoded by the client, but never with U+FFFD in it. */
export function textUpload(fileName: string, text: string): DecodedUpload {
  const issue = replacementCharIssue(text);
  if (issue) throw refused(fileName, issue, { encoding: 'UTF-8' });
  return { fileName, text, encoding: 'utf-8', warnings: [] };
}

/**
 * Why a file nests deeper than any catalogue, or undefined: a linear scan before a parser runs. The
 * parse worker runs it, since the YAML scan lexes the whole file (about 2 s for 9 MB on this machine).
 */
export function nestingIssueOf(fileName: string, text: string): string | undefined {
  const format = formatOfFileName(fileName);
  return format === 'json' ? jsonNestingIssue(text) : format === 'yaml' ? yamlNestingIssue(text) : undefined;
}

/** A parse handed to the worker. */
export interface ParseJob {
  id: number;
  text: string;
  fileName: string;
  base: Catalogue;
  mode: ImportMode;
}

/** The worker's answer to a job: the parse, a file that nests too deep, or a parser that gave up. */
export type ParseReply =
  | { id: number; result: ParseResult }
  | { id: number; nesting: string }
  | { id: number; error: string };

/** Parses import files off the main thread, one at a time; `close` ends the worker. */
export interface ParsePool {
  parse: (text: string, fileName: string, base: Catalogue, mode: ImportMode) => Promise<ParseResult>;
  close: () => Promise<void>;
}

function spawn(limits: UploadLimits): Worker {
  const options = {
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
  };
  return moduleWorker(import.meta.url, 'parse-worker', options);
}

/**
 * A pool of one parse worker, started on first use and replaced after it dies (memory cap) or is
 * stopped (time limit). Jobs run one after another: a hostile file delays other imports by at
 * most the time limit, and never the rest of the server.
 */
export function createParsePool(limits: UploadLimits = UPLOAD_LIMITS): ParsePool {
  let worker: Promise<Worker> | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  let nextId = 0;
  let closed = false;

  const start = (): Promise<Worker> =>
    new Promise((resolve, reject) => {
      const w = spawn(limits);
      w.unref();
      const fail = (error: Error) => {
        worker = undefined;
        reject(error);
      };
      w.once('message', () => {
        w.off('error', fail);
        resolve(w);
      });
      w.once('error', fail);
    });

  const run = async (job: ParseJob): Promise<ParseResult> => {
    if (closed) throw new LifeboatError('internal', 'the server is shutting down');
    worker ??= start();
    const w = await worker;
    return new Promise<ParseResult>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
      };
      const kill = () => {
        worker = undefined;
        void w.terminate();
      };
      const onMessage = (reply: ParseReply) => {
        if (reply.id !== job.id) return;
        finish();
        if ('nesting' in reply) reject(refused(job.fileName, reply.nesting));
        else if ('error' in reply)
          reject(
            refused(
              job.fileName,
              msg('err.upload.unreadable', `the file cannot be read: ${reply.error}`, { detail: reply.error }),
            ),
          );
        else resolve(reply.result);
      };
      const onError = (error: Error & { code?: string }) => {
        finish();
        kill();
        const memory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
        reject(
          refused(
            job.fileName,
            memory
              ? msg('err.upload.memory', `the file needs more than ${limits.memoryMb} MB to read`, {
                  mb: limits.memoryMb,
                })
              : msg('err.upload.unreadable', `the file cannot be read: ${error.message}`, { detail: error.message }),
          ),
        );
      };
      const onExit = () => {
        finish();
        worker = undefined;
        reject(refused(job.fileName, msg('err.upload.parserStopped', 'the file cannot be read: the parser stopped')));
      };
      const timer = setTimeout(() => {
        finish();
        kill();
        reject(
          refused(
            job.fileName,
            msg('err.upload.timeout', `reading the file took more than ${limits.timeoutMs / 1000} s`, {
              seconds: limits.timeoutMs / 1000,
            }),
          ),
        );
      }, limits.timeoutMs);
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage(job);
    });
  };

  return {
    parse: (text, fileName, base, mode) => {
      const job: ParseJob = { id: ++nextId, text, fileName, base, mode };
      const result = chain.then(() => run(job));
      chain = result.catch(() => undefined);
      return result;
    },
    close: async () => {
      closed = true;
      const w = worker;
      worker = undefined;
      if (w) await (await w.catch(() => undefined))?.terminate();
    },
  };
}
