import { isMainThread, parentPort } from 'node:worker_threads';
import type { LocatedDiagnostic, ModelTodo, PlanModel, PlanParseResult } from '#libs/domain/src/index.js';
import type { PlanDraft } from '#libs/plan-import/src/index.js';

/** What the api asks a parse worker (isolated-parse.ts): one job per worker. */
export type ParseJob =
  | { kind: 'plan-file'; text: string; file: string }
  | { kind: 'document'; bytes: Uint8Array; file: string; outName: string; check?: boolean }
  | { kind: 'draft'; text: string; file: string };

/** A plan draft's text checked (apps/api/src/drafts): its model, the validator's diagnostics by field path, its TODOs. */
export interface DraftCheckResult {
  /** The model of the text, or null when the text is no YAML mapping (`reason` says why). */
  model: PlanModel | null;
  reason?: string;
  valid: boolean;
  diagnostics: LocatedDiagnostic[];
  todos: ModelTodo[];
}

export type ParseReply =
  | { kind: 'plan-file'; result: PlanParseResult }
  | { kind: 'document'; result: PlanDraft; check?: DraftCheckResult }
  | { kind: 'draft'; result: DraftCheckResult }
  | {
      kind: 'import-error';
      error: { code: string; file: string; line: number; col: number; detail: string; vars: Record<string, string | number> };
    }
  | { kind: 'failed'; message: string };

/** Each job loads only what it needs (a plan file does not need mammoth): a worker starts in less time. */
async function handle(job: ParseJob): Promise<ParseReply> {
  if (job.kind === 'plan-file') {
    const { parsePlanFile } = await import('#libs/domain/src/plan/plan-file.js');
    try {
      return { kind: 'plan-file', result: parsePlanFile(job.text, job.file) };
    } catch (err) {
      return { kind: 'failed', message: err instanceof Error ? err.message : String(err) };
    }
  }
  if (job.kind === 'draft') {
    try {
      return { kind: 'draft', result: await checkDraft(job.text, job.file) };
    } catch (err) {
      return { kind: 'failed', message: err instanceof Error ? err.message : String(err) };
    }
  }
  const { importPlanDocument, PlanImportError } = await import('#libs/plan-import/src/index.js');
  try {
    const d = await importPlanDocument(job.bytes, job.file, job.outName);
    // A draft's document: its check in the same worker (one worker per upload).
    return {
      kind: 'document',
      result: { yaml: d.yaml, summary: d.summary },
      ...(job.check ? { check: await checkDraft(d.yaml, job.outName) } : {}),
    };
  } catch (err) {
    if (err instanceof PlanImportError)
      return {
        kind: 'import-error',
        error: { code: err.code, file: err.file, line: err.line, col: err.col, detail: err.detail, vars: err.vars },
      };
    return { kind: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
}

/** A draft's text: its model, the diagnostics of parsePlanFile by field path, its TODOs. */
async function checkDraft(text: string, file: string): Promise<DraftCheckResult> {
  const { parsePlanFile } = await import('#libs/domain/src/plan/plan-file.js');
  const { locateDiagnostics, modelOfPlanFile, todosOf } = await import('#libs/domain/src/plan/plan-draft-model.js');
  const r = parsePlanFile(text, file);
  const m = modelOfPlanFile(text);
  return {
    model: m.ok ? m.model : null,
    ...(m.ok ? {} : { reason: m.reason }),
    valid: r.ok,
    diagnostics: locateDiagnostics(text, [...(r.ok ? [] : r.errors), ...r.warnings]),
    todos: m.ok ? todosOf(m.model) : [],
  };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.once('message', (job: ParseJob) => void handle(job).then((reply) => port.postMessage(reply)));
}
