/**
 * Reading a criteria set from a YAML file (a replacement decision), with line/column diagnostics. Kept apart from
 * criteria-set.ts because it parses YAML: the API, the CLI and activities use it, never workflow code.
 */
import { LineCounter, parseDocument, type Node } from 'yaml';
import { checkNode, type NodeIndex, type Problem } from '../plan/schema-check.js';
import { ID_PATTERN, KEY_PATTERN, list, obj, req, str, type Field } from '../plan/schema-dsl.js';
import { checkCriteriaSet, COMMUNE_CLASSES, INDICATOR_ID_PATTERN, INDICATOR_UNITS, type CriteriaSet } from './criteria-set.js';

const int = (min?: number, max?: number, desc?: string): Field => ({ t: 'int', min, max, desc });
const num = (desc?: string): Field => ({ t: 'number', desc });
const bool = (desc?: string): Field => ({ t: 'bool', desc });

const RULE: Field = obj(
  { min: num('value ≥ min'), max: num('value ≤ max'), when: bool('a yes/no answer equal to this'), points: req(int(0)) },
  'One line of a threshold table; the first matching line gives the points',
);
const INDICATOR: Field = obj({
  id: req(str({ pattern: INDICATOR_ID_PATTERN, desc: 'Indicator id "<criterion>.<n>", e.g. 6.1' })),
  title: req(str()),
  unit: req(str({ enum: INDICATOR_UNITS })),
  maxPoints: req(int(1)),
  thresholds: req(list(RULE, 'Ordered rules', 1)),
  source: req(str({ desc: 'Which part of the decision sets it' })),
  verify: bool(),
  note: str(),
  feedsFrom: str({ pattern: KEY_PATTERN, desc: 'Role that usually has the figure' }),
});
const CRITERION: Field = obj({
  no: req(int(1, 99)),
  key: req(str({ pattern: KEY_PATTERN })),
  title: req(str()),
  maxPoints: req(int(1)),
  indicators: req(list(INDICATOR, 'Indicators of the criterion', 1)),
  source: str(),
  verify: bool(),
  note: str(),
});
const perClass = (f: () => Field) => obj(Object.fromEntries(COMMUNE_CLASSES.map((c) => [c, req(f())])));

/** The shape of a criteria set file (YAML, same keys as CriteriaSet). */
export const CRITERIA_SET_SCHEMA: Field = obj({
  id: req(str({ pattern: ID_PATTERN, desc: 'Set id, e.g. qd-06-2019' })),
  decision: req(obj({ ref: req(str()), date: req({ t: 'date' }), title: req(str()) })),
  passMarks: req(perClass(() => int(0))),
  classLabels: req(perClass(() => str())),
  maxTotal: req(int(1)),
  assessment: req(
    obj({
      month: req(int(1, 12)),
      planYears: req(list(int(1, 10), 'Years of the plan period (1-based) with an assessment', 1)),
      periodAnchorYear: req(int(1900, 2200)),
      periodLength: req(int(1, 10)),
    }),
  ),
  criteria: req(list(CRITERION, 'Criteria in order', 1)),
  references: list(str()),
  note: str(),
});

/** A located problem of a criteria set file. */
export interface CriteriaDiagnostic {
  file: string;
  line: number;
  col: number;
  message: string;
}

export const formatCriteriaDiagnostic = (d: CriteriaDiagnostic) => `${d.file}:${d.line}:${d.col}: error: ${d.message}`;

export type CriteriaSetParseResult = { ok: true; set: CriteriaSet } | { ok: false; errors: CriteriaDiagnostic[] };

/** Criteria set files larger than this are refused before parsing. */
export const MAX_CRITERIA_FILE_BYTES = 512 * 1024;

/**
 * Parses and validates a criteria set written in YAML (the keys of CriteriaSet). Never throws on bad input: every
 * problem comes back with its line and column.
 */
export function parseCriteriaSet(text: string, file = 'criteria.yaml'): CriteriaSetParseResult {
  const lc = new LineCounter();
  const at = (offset: number, message: string): CriteriaDiagnostic => ({ file, ...lc.linePos(offset), message });
  const fail = (message: string) => ({ ok: false as const, errors: [{ file, line: 1, col: 1, message }] });
  if (typeof text !== 'string') return fail('the criteria set file is not text');
  if (text.length > MAX_CRITERIA_FILE_BYTES) return fail(`the criteria set file is larger than ${MAX_CRITERIA_FILE_BYTES / 1024} KiB`);

  let doc;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, version: '1.2' });
  } catch (err) {
    return fail(`the criteria set file cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (doc.errors.length) return { ok: false, errors: doc.errors.map((e) => at(e.pos[0], e.message.split('\n')[0])) };

  const problems: Problem[] = [];
  const index: NodeIndex = new Map();
  let raw: unknown;
  try {
    raw = checkNode(doc.contents, CRITERIA_SET_SCHEMA, '', problems, index);
  } catch (err) {
    return fail(`the criteria set file is too deeply nested to check: ${err instanceof Error ? err.message : String(err)}`);
  }
  const located = (ps: Problem[]) => ps.map((p) => at(p.node?.range?.[0] ?? 0, p.message));
  if (problems.length || !raw) return { ok: false, errors: sortByPlace(located(problems)) };

  const set = raw as CriteriaSet;
  const semantic = checkCriteriaSet(set).map((p) => ({ node: nearestNode(index, p.path), message: p.message }));
  if (semantic.length) return { ok: false, errors: sortByPlace(located(semantic)) };
  return { ok: true, set };
}

/** The node of a path, or of its closest written parent (a rule without "points" is reported at the rule). */
function nearestNode(index: NodeIndex, path: string): Node | undefined {
  for (let p = path; ; p = p.slice(0, Math.max(0, p.lastIndexOf('.')))) {
    const n = index.get(p);
    if (n || !p) return n;
  }
}

const sortByPlace = (ds: CriteriaDiagnostic[]) => ds.sort((a, b) => a.line - b.line || a.col - b.col);
