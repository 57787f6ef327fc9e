import { isMainThread, parentPort } from 'node:worker_threads';
import { parsePlanFile, type PlanParseResult } from '../../../../libs/domain/src/index.js';
import { importPlanDocument, PlanImportError, type PlanDraft } from '../../../../libs/plan-import/src/index.js';

/** What the api asks a parse worker (isolated-parse.ts): one job per worker. */
export type ParseJob = { kind: 'plan-file'; text: string; file: string } | { kind: 'document'; bytes: Uint8Array; file: string; outName: string };

export type ParseReply =
  | { kind: 'plan-file'; result: PlanParseResult }
  | { kind: 'document'; result: PlanDraft }
  | { kind: 'import-error'; error: { code: string; file: string; line: number; col: number; detail: string; vars: Record<string, string | number> } }
  | { kind: 'failed'; message: string };

async function handle(job: ParseJob): Promise<ParseReply> {
  try {
    if (job.kind === 'plan-file') return { kind: 'plan-file', result: parsePlanFile(job.text, job.file) };
    const d = await importPlanDocument(job.bytes, job.file, job.outName);
    return { kind: 'document', result: { yaml: d.yaml, summary: d.summary } };
  } catch (err) {
    if (err instanceof PlanImportError) return { kind: 'import-error', error: { code: err.code, file: err.file, line: err.line, col: err.col, detail: err.detail, vars: err.vars } };
    return { kind: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.once('message', (job: ParseJob) => void handle(job).then((reply) => port.postMessage(reply)));
}
