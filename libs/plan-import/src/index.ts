import { asReadable } from './doc-convert.js';
import { draftPlan, type PlanDraft } from './draft.js';
import { PlanImportError, readDocument } from './read-document.js';
import { parseStructure, type PlanStructure } from './structure.js';

export * from './read-document.js';
export * from './structure.js';
export * from './roles.js';
export * from './draft.js';
export * from './compare.js';
export * from './summary-text.js';
export * from './zip-measure.js';
export * from './doc-convert.js';

/**
 * Reads a plan document (.docx, .txt, or .doc converted by LibreOffice when it is installed) and drafts its plan file;
 * a document it cannot read throws PlanImportError.
 */
export async function importPlanDocument(
  bytes: Uint8Array,
  file: string,
  outName?: string,
): Promise<PlanDraft & { structure: PlanStructure }> {
  const doc = await asReadable(bytes, file);
  let structure: PlanStructure;
  try {
    structure = parseStructure(await readDocument(doc.bytes, doc.file));
  } catch (err) {
    // A converted .doc's errors name the file the user gave, not the .docx made of it.
    if (err instanceof PlanImportError && doc.file !== file)
      throw new PlanImportError(err.code, file, err.line, err.col, err.detail, err.vars);
    throw err;
  }
  return { ...draftPlan(structure, { outName }), structure };
}
