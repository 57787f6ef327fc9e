import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import type { temporal } from '@temporalio/proto';
import { DONDOC_SEARCH_ATTRIBUTES } from '#libs/contracts/src/search-attributes.js';

type OperatorService = temporal.api.operatorservice.v1.OperatorService;

/** The type names the temporal CLI takes (`--search-attribute Name=Type`). */
const CLI_TYPE: Record<string, string> = {
  KEYWORD: 'Keyword',
  DATETIME: 'Datetime',
  TEXT: 'Text',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  KEYWORD_LIST: 'KeywordList',
};

/** `temporal server start-dev` arguments registering dondoc's search attributes. */
export const devServerSearchAttributeArgs = (): string[] =>
  DONDOC_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${CLI_TYPE[k.type]}`]);

/**
 * Registers dondoc's search attributes on a namespace unless they are there (the cluster after its namespace exists;
 * each worker at its start, for a server dondoc did not provision). Idempotent, and safe when several processes do
 * it at once. Returns the names it added.
 */
export async function ensureSearchAttributes(operator: OperatorService, namespace: string): Promise<string[]> {
  const listed = await operator.listSearchAttributes({ namespace });
  const known = new Set([...Object.keys(listed.customAttributes ?? {}), ...Object.keys(listed.systemAttributes ?? {})]);
  const missing = DONDOC_SEARCH_ATTRIBUTES.filter((k) => !known.has(k.name));
  if (!missing.length) return [];
  try {
    await operator.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!])),
    });
  } catch (err) {
    // ALREADY_EXISTS: another process registered them meanwhile.
    if ((err as { code?: number }).code !== 6) throw err;
  }
  return missing.map((k) => k.name);
}
