import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PlanParseResult } from '#libs/domain/src/index.js';
import { asReadable, PlanImportError, type ImportErrorCode, type PlanDraft } from '#libs/plan-import/src/index.js';
import type { DraftCheckResult, ParseJob, ParseReply } from './parse.worker.js';

export type { DraftCheckResult };

/**
 * Parsing an uploaded file (a plan file, a plan document) in a worker thread with a time limit and memory limits, so
 * that one bad file never stalls the api: the request waits on a message while the event loop answers others; a
 * worker over its time is terminated, one over its heap is stopped by V8, and the user is told the file is too
 * complex (422). At most `concurrency` workers run at once (the machine's cores are the api's too); others wait.
 */
export interface IsolationLimits {
  timeoutMs: number;
  /** V8 heap of the worker (old and young generation), MiB. */
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
  stackSizeMb: number;
  concurrency: number;
}

export const PARSE_LIMITS: IsolationLimits = {
  timeoutMs: 10_000,
  maxOldGenerationSizeMb: 256,
  maxYoungGenerationSizeMb: 32,
  stackSizeMb: 4,
  concurrency: 2,
};

/** Why a worker gave no answer. */
export type TooComplexReason = 'timeout' | 'memory' | 'crashed';

export class ParseTooComplex extends Error {
  override readonly name = 'ParseTooComplex';
  constructor(
    readonly reason: TooComplexReason,
    detail: string,
  ) {
    super(detail);
  }
}

/** The built worker: beside this file in dist/, or (this file run as TypeScript by jest) in dist/ of the project. */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const beside = join(dirname(here), 'parse.worker.js');
  if (existsSync(beside)) return beside;
  let dir = dirname(here);
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const built = join(dir, 'dist', 'apps', 'api', 'src', 'common', 'parse.worker.js');
  if (!existsSync(built)) throw new Error(`the parse worker is not built (${built}); run npm run build`);
  return built;
}

let running = 0;
const waiting: (() => void)[] = [];
const acquire = (max: number) =>
  running < max ? (running++, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(() => (running++, resolve())));
const release = () => {
  running--;
  waiting.shift()?.();
};

/** Runs one job in a fresh worker; resolves with its reply, or rejects with ParseTooComplex. */
export async function runIsolated(job: ParseJob, limits: IsolationLimits = PARSE_LIMITS): Promise<ParseReply> {
  await acquire(limits.concurrency);
  try {
    return await new Promise<ParseReply>((resolve, reject) => {
      const worker = new Worker(workerFile(), {
        resourceLimits: {
          maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb,
          maxYoungGenerationSizeMb: limits.maxYoungGenerationSizeMb,
          stackSizeMb: limits.stackSizeMb,
        },
        stdout: false,
        stderr: false,
      });
      let settled = false;
      const settle = (f: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        f();
        void worker.terminate();
      };
      const timer = setTimeout(
        () => settle(() => reject(new ParseTooComplex('timeout', `parsing took longer than ${limits.timeoutMs} ms`))),
        limits.timeoutMs,
      );
      worker.once('message', (reply: ParseReply) => settle(() => resolve(reply)));
      worker.once('error', (err: Error & { code?: string }) =>
        settle(() => reject(new ParseTooComplex(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crashed', err.message))),
      );
      worker.once('exit', (code) => settle(() => reject(new ParseTooComplex('crashed', `the parse worker stopped (exit ${code})`))));
      worker.postMessage(job);
    });
  } finally {
    release();
  }
}

/** parsePlanFile in a worker; a file over the worker's limits is one error "too complex" at 1:1. */
export async function parsePlanFileIsolated(text: string, file: string, limits?: IsolationLimits): Promise<PlanParseResult> {
  return checkTextIsolated('plan-file', text, file, limits, (err, message) => ({
    ok: false,
    errors: [{ file, line: 1, col: 1, severity: 'error', message, code: 'PLAN_TOO_COMPLEX', vars: { reason: err.reason } }],
    warnings: [],
  }));
}

/** importPlanDocument in a worker: its PlanImportError comes back as one; a file over the limits is TOO_COMPLEX. */
export async function importDocumentIsolated(
  bytes: Uint8Array,
  file: string,
  outName: string,
  limits?: IsolationLimits,
): Promise<PlanDraft> {
  return importIsolated(bytes, file, outName, false, limits);
}

/** importDocumentIsolated, and the draft it wrote checked in the same worker (checkDraftIsolated's answer in `check`). */
export async function importDraftIsolated(
  bytes: Uint8Array,
  file: string,
  outName: string,
  limits?: IsolationLimits,
): Promise<PlanDraft & { check: DraftCheckResult }> {
  return importIsolated(bytes, file, outName, true, limits) as Promise<PlanDraft & { check: DraftCheckResult }>;
}

async function importIsolated(
  bytes: Uint8Array,
  file: string,
  outName: string,
  check: boolean,
  limits?: IsolationLimits,
): Promise<PlanDraft & { check?: DraftCheckResult }> {
  let reply: ParseReply;
  // A .doc is converted by LibreOffice here, in a child process the event loop waits on (not in the worker: its time limit is for reading).
  const doc = await asReadable(bytes, file);
  try {
    reply = await runIsolated({ kind: 'document', bytes: doc.bytes, file: doc.file, outName, check }, limits);
  } catch (err) {
    if (!(err instanceof ParseTooComplex)) throw err;
    throw new PlanImportError('TOO_COMPLEX', file, 1, 1, `the document could not be read within the limits (${err.message})`, {
      reason: err.reason,
    });
  }
  if (reply.kind === 'import-error') {
    const e = reply.error;
    throw new PlanImportError(e.code as ImportErrorCode, file, e.line, e.col, e.detail, e.vars); // the name given (a .doc, not its .docx)
  }
  if (reply.kind === 'failed') throw new Error(reply.message);
  if (reply.kind !== 'document') throw new Error(`unexpected reply ${reply.kind}`);
  if (check && !reply.check) throw new Error('the worker did not check the draft');
  return { ...reply.result, ...(reply.check ? { check: reply.check } : {}) };
}

/**
 * A plan draft's text read and checked in a worker (its model, the diagnostics of parsePlanFile by field path, its
 * TODOs): nothing of an uploaded or saved draft is parsed on the api's event loop. Over the limits: no model, one
 * error "too complex".
 */
export async function checkDraftIsolated(text: string, file: string, limits?: IsolationLimits): Promise<DraftCheckResult> {
  return checkTextIsolated('draft', text, file, limits, (err, message) => ({
    model: null,
    reason: message,
    valid: false,
    todos: [],
    diagnostics: [{ file, line: 1, col: 1, severity: 'error', message, code: 'PLAN_TOO_COMPLEX', vars: { reason: err.reason }, path: '' }],
  }));
}

/**
 * A plan text (a plan file or a draft) checked in a worker: the worker's result, or, over the limits, what
 * `tooComplex` makes of the Vietnamese message "too complex".
 */
interface TextResults {
  'plan-file': PlanParseResult;
  draft: DraftCheckResult;
}
async function checkTextIsolated<K extends keyof TextResults>(
  kind: K,
  text: string,
  file: string,
  limits: IsolationLimits | undefined,
  tooComplex: (err: ParseTooComplex, message: string) => TextResults[K],
): Promise<TextResults[K]> {
  try {
    const reply = await runIsolated({ kind, text, file }, limits);
    if (reply.kind === 'failed') throw new Error(reply.message);
    if (reply.kind !== kind) throw new Error(`unexpected reply ${reply.kind}`);
    return reply.result as TextResults[K];
  } catch (err) {
    if (!(err instanceof ParseTooComplex)) throw err;
    return tooComplex(err, `tệp kế hoạch không kiểm tra được trong giới hạn thời gian và bộ nhớ cho phép (${err.message})`);
  }
}
