import { Document, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { PlanDiagnostic } from './plan-file.js';
import { PLAN_SCHEMA } from './plan-schema.js';
import type { Field } from './schema-dsl.js';

/**
 * The editable JSON model of a plan draft: the plan file's own tree (the exchange format, `dondoc/plan@1`) as JSON —
 * `plan` (title, number, year, rehearsal_start …), `roles` (key → title, person, email …), `org_units` (the villages
 * among them), `items` → `steps` (title, assignee, helpers, start and due, or a recurrence, a lunar date, an anchor;
 * approval; evidence) — so a field of the model and a field of the plan file have the same path ("items.0.steps.2.due"),
 * the path the validator's messages are located by. A value a person must still give is a string "TODO: why".
 * Pure: no I/O; the API stores the model and the plan file text written from it.
 */
export type PlanModel = Record<string, unknown>;

/** A value left for a person, at its field path. */
export interface ModelTodo {
  path: string;
  /** What the value should be (the importer's or the clone's words), '' when it does not say. */
  text: string;
}

/** A diagnostic of the plan file, with the field path of the model it belongs to ('' for the file as a whole). */
export type LocatedDiagnostic = PlanDiagnostic & { path: string };

const TODO = /^\s*TODO(?:$|[:\s]\s*([\s\S]*))$/;

/** The model of a plan file text, or why it is no plan file (not YAML, not a mapping, aliases). */
export function modelOfPlanFile(text: string): { ok: true; model: PlanModel } | { ok: false; reason: string } {
  let doc;
  try {
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, version: '1.2' });
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
  if (doc.errors.length) return { ok: false, reason: doc.errors[0].message.split('\n')[0] };
  if (!isMap(doc.contents)) return { ok: false, reason: 'the file is not a mapping of keys to values' };
  try {
    // No alias is expanded (a plan file has none; the validator refuses them).
    return { ok: true, model: doc.toJS({ maxAliasCount: 0 }) as PlanModel };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

const HEADER = [
  ' Plan file written by dondoc from a plan draft (the exchange format dondoc/plan@1).',
  ' Every "TODO" is something still to be given; `npm run -s cli -- plan validate <file>` lists those left.',
].join('\n');

/** The plan file text of a model: flow style for the small mappings of a step or a role, as the shipped plans write them. */
export function planFileOfModel(model: PlanModel): string {
  const doc = new Document(model, { version: '1.2' });
  doc.commentBefore = HEADER;
  const flowAt = (node: unknown, depth: number) => {
    // A step, a role, an org unit, a recurrence: one line each when short.
    if (
      isMap(node) &&
      depth >= 2 &&
      node.items.every((p) => !isMap(p.value) || (p.value as { items: unknown[] }).items.length <= 4) &&
      node.items.length <= 14
    ) {
      const short = node.items.every((p) => !isSeq(p.value) && !isMap(p.value)) || depth >= 3;
      if (short) node.flow = true;
    }
    if (isMap(node)) for (const p of node.items) flowAt(p.value, depth + 1);
    if (isSeq(node)) for (const x of node.items) flowAt(x, depth + 1);
  };
  flowAt(doc.contents, 0);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Every TODO of the model, in document order, with its field path. */
export function todosOf(model: unknown, path = '', out: ModelTodo[] = []): ModelTodo[] {
  if (typeof model === 'string') {
    const m = TODO.exec(model);
    if (m) out.push({ path, text: (m[1] ?? '').trim() });
  } else if (Array.isArray(model)) {
    model.forEach((x, i) => todosOf(x, path ? `${path}.${i}` : String(i), out));
  } else if (model && typeof model === 'object') {
    for (const [k, v] of Object.entries(model)) todosOf(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

/**
 * The field path of each diagnostic of `text` (a plan file): the validator places a problem at the start of the value
 * at fault, so the value (or the key) that starts at its line and column names the field; otherwise the last value
 * that starts before it on that line, else the file ('').
 */
export function locateDiagnostics(text: string, diagnostics: PlanDiagnostic[]): LocatedDiagnostic[] {
  if (!diagnostics.length) return [];
  const lc = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false, version: '1.2' });
  } catch {
    return diagnostics.map((d) => ({ ...d, path: '' }));
  }
  const starts = new Map<string, string>();
  const byLine = new Map<number, { col: number; path: string }[]>();
  const mark = (node: Node | null | undefined, path: string) => {
    const offset = node?.range?.[0];
    if (offset === undefined) return;
    const { line, col } = lc.linePos(offset);
    if (!starts.has(`${line}:${col}`)) starts.set(`${line}:${col}`, path);
    const list = byLine.get(line) ?? [];
    list.push({ col, path });
    byLine.set(line, list);
  };
  const walk = (node: unknown, path: string, depth: number) => {
    if (depth > 64) return;
    if (isMap(node)) {
      mark(node, path);
      for (const p of node.items) {
        if (!isPair(p)) continue;
        const key = isScalar(p.key) ? String(p.key.value) : '';
        const at = path ? `${path}.${key}` : key;
        // The key names its field too (a misspelt field is reported at its key).
        if (isScalar(p.key)) mark(p.key, at);
        walk(p.value, at, depth + 1);
      }
    } else if (isSeq(node)) {
      mark(node, path);
      node.items.forEach((x, i) => walk(x, path ? `${path}.${i}` : String(i), depth + 1));
    } else if (isScalar(node)) {
      mark(node, path);
    }
  };
  walk(doc.contents, '', 0);
  return diagnostics.map((d) => {
    const exact = starts.get(`${d.line}:${d.col}`);
    if (exact !== undefined) return { ...d, path: exact };
    const before = (byLine.get(d.line) ?? []).filter((x) => x.col <= d.col).sort((a, b) => b.col - a.col)[0];
    return { ...d, path: before?.path ?? '' };
  });
}

/** The model's plan title and issuing commune, as far as it gives them (a TODO is no value). */
export function modelPlanFacts(model: PlanModel): {
  title: string | undefined;
  issuer: string | undefined;
  id: string | undefined;
  year: number | undefined;
} {
  const plan = model.plan && typeof model.plan === 'object' && !Array.isArray(model.plan) ? (model.plan as Record<string, unknown>) : {};
  const str = (v: unknown) => (typeof v === 'string' && v.trim() && !TODO.test(v) ? v.trim() : undefined);
  return {
    title: str(plan.title),
    issuer: str(plan.issuer),
    id: str(plan.id),
    year: typeof plan.year === 'number' && Number.isInteger(plan.year) ? plan.year : undefined,
  };
}

/**
 * Where the model's shape cannot be a plan file at all (a list where a mapping belongs, a mapping where a value
 * belongs): field path → Vietnamese message. Values of the wrong kind of scalar (a word where a date belongs, a TODO)
 * are the validator's to report, as diagnostics of a draft that is saved anyway; unknown fields too.
 */
export function modelShapeProblems(
  model: unknown,
  f: Field = PLAN_SCHEMA,
  path = '',
  out: Record<string, string> = {},
  depth = 0,
): Record<string, string> {
  if (Object.keys(out).length >= 50 || depth > 24 || model === null || model === undefined) return out;
  const at = path || 'model';
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  switch (f.t) {
    case 'object':
      if (typeof model === 'string') return out;
      if (!isObj(model)) out[at] = 'phải là một bảng khóa: giá trị';
      else
        for (const [k, p] of Object.entries(f.fields))
          if (k in model) modelShapeProblems(model[k], p, path ? `${path}.${k}` : k, out, depth + 1);
      return out;
    case 'map':
      if (typeof model === 'string') return out;
      if (!isObj(model)) out[at] = 'phải là một bảng khóa: giá trị';
      else for (const [k, v] of Object.entries(model)) modelShapeProblems(v, f.of, path ? `${path}.${k}` : k, out, depth + 1);
      return out;
    case 'list':
      if (typeof model === 'string') return out;
      if (!Array.isArray(model)) out[at] = 'phải là một danh sách';
      else model.forEach((v, i) => modelShapeProblems(v, f.of, path ? `${path}.${i}` : String(i), out, depth + 1));
      return out;
    case 'oneOf': {
      const fits = f.options.some((o) => !Object.keys(modelShapeProblems(model, o, path, {}, depth + 1)).length);
      if (!fits) out[at] = 'không đúng dạng của trường này';
      return out;
    }
    default:
      // A scalar: a string, a number or true/false (the validator says which one it must be).
      if (typeof model === 'object') out[at] = 'phải là một giá trị (chữ, số, ngày), không phải danh sách hay bảng';
      return out;
  }
}

type Json = Record<string, unknown>;

/**
 * The OpenAPI (3.0) schema of the model: the plan file's schema (plan-json-schema.ts) as a draft may be — no field
 * required yet, any scalar may still be a string (a TODO), a value may be null — and exactly what
 * modelShapeProblems lets through.
 */
export function planModelOpenApiSchema(): Json {
  const loose = (f: Field): Json => {
    const desc = f.desc ? { description: f.desc } : {};
    switch (f.t) {
      case 'object':
        return {
          type: 'object',
          nullable: true,
          ...desc,
          properties: Object.fromEntries(Object.entries(f.fields).map(([k, p]) => [k, orTodo(loose(p))])),
          additionalProperties: true,
        };
      case 'map':
        return { type: 'object', nullable: true, ...desc, additionalProperties: orTodo(loose(f.of)) };
      case 'list':
        return { type: 'array', nullable: true, ...desc, items: orTodo(loose(f.of)) };
      case 'oneOf':
        return { ...desc, anyOf: f.options.map((o) => orTodo(loose(o))) };
      case 'int':
      case 'number':
        return { type: f.t === 'int' ? 'integer' : 'number', nullable: true, ...desc };
      case 'bool':
        return { type: 'boolean', nullable: true, ...desc };
      default:
        return { type: 'string', nullable: true, ...desc };
    }
  };
  // Any scalar a person may still have to give: its value, or a string (a TODO, or text the validator will judge).
  const orTodo = (s: Json): Json =>
    s.type === 'string'
      ? s
      : s.type === 'object' || s.type === 'array'
        ? { anyOf: [s, { type: 'string' }] }
        : { anyOf: [s, { type: 'string' }, { type: 'number' }, { type: 'boolean' }] };
  return {
    ...loose(PLAN_SCHEMA),
    nullable: false,
    description:
      'The plan file as JSON (format dondoc/plan@1; `npm run -s cli -- plan schema` prints its strict JSON Schema). A value still to be given is a string "TODO: …".',
  };
}
