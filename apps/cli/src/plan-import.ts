import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  comparePlans,
  compareLines,
  importErrorLine,
  importPlanDocument,
  importSummaryLines,
  PlanImportError,
  type ImportLabels,
} from '#libs/plan-import/src/index.js';
import { viLabels } from '#libs/mail/src/index.js';

/**
 * `plan import <file.docx|file.doc|file.txt> [-o draft.yaml] [--compare plan.yaml]`: the draft plan file to stdout (or -o),
 * the summary for the officer to stderr. Exit 0 when a draft was written (TODOs included), 1 when the document
 * cannot be read.
 */
export async function planImportCommand(
  file: string,
  out: string | undefined,
  compare: string | undefined,
  err: (line: string) => void,
): Promise<number> {
  const labels = (viLabels() as unknown as { planImport: ImportLabels }).planImport;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    err(`không đọc được ${file}: ${(e as Error).message}`);
    return 1;
  }
  try {
    const d = await importPlanDocument(bytes, file, out ? basename(out) : 'draft.yaml');
    importSummaryLines(d.summary, labels).forEach(err);
    if (compare) compareLines(comparePlans(d.yaml, readFileSync(compare, 'utf8')), compare, labels).forEach(err);
    if (out) {
      writeFileSync(out, d.yaml);
      err((labels.written as string).replaceAll('{out}', out));
    } else process.stdout.write(d.yaml);
    return 0;
  } catch (e) {
    if (!(e instanceof PlanImportError)) throw e;
    err(importErrorLine(e, labels));
    err(e.message);
    return 1;
  }
}
