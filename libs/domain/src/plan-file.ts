import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node, type YAMLMap } from 'yaml';
import { isIsoDate } from './local-date.js';
import type { ItemSpec, PlanSpec, RoleSpec, StepSpec } from './plan.js';

export interface PlanDiagnostic {
  file: string;
  line: number;
  col: number;
  severity: 'error' | 'warning';
  message: string;
}

export const formatDiagnostic = (d: PlanDiagnostic) => `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;

export type PlanParseResult = { ok: true; plan: PlanSpec; warnings: PlanDiagnostic[] } | { ok: false; errors: PlanDiagnostic[] };

export const PLAN_FORMAT = 'dondoc/plan@1';

const PLAN_KEYS = ['id', 'number', 'title', 'year', 'issued_on', 'issuer', 'signer', 'rehearsal_start'];
const ROLE_KEYS = ['title', 'person', 'email', 'supervisor'];
const ITEM_KEYS = ['id', 'title', 'source', 'steps'];
const STEP_KEYS = ['id', 'title', 'assignee', 'approval', 'start', 'due', 'evidence', 'source'];

/**
 * Parses and validates a plan file. Never throws on bad input: every problem comes back at once with its line and
 * column, so a person can fix the file in one pass.
 */
export function parsePlanFile(text: string, file = 'plan.yaml'): PlanParseResult {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const errors: PlanDiagnostic[] = [];
  const at = (node: Node | null | undefined, message: string, severity: PlanDiagnostic['severity'] = 'error') => {
    const offset = node?.range?.[0] ?? 0;
    const pos = lc.linePos(offset);
    errors.push({ file, line: pos.line, col: pos.col, severity, message });
  };
  for (const e of doc.errors) {
    const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
    errors.push({ file, line: pos.line, col: pos.col, severity: 'error', message: e.message.split('\n')[0] });
  }
  if (errors.length) return { ok: false, errors };
  const root = doc.contents;
  if (!isMap(root)) {
    at(root, 'the plan file must be a mapping with keys format, plan, roles, items');
    return { ok: false, errors };
  }

  const str = (map: YAMLMap, key: string, required: boolean): string | undefined => {
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined) {
      if (required) at(map, `missing required key "${key}"`);
      return undefined;
    }
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number') || String(node.value).trim() === '') {
      at(node, `"${key}" must be a non-empty text`);
      return undefined;
    }
    return String(node.value);
  };
  const date = (map: YAMLMap, key: string, required: boolean): string | undefined => {
    const v = str(map, key, required);
    if (v !== undefined && !isIsoDate(v)) {
      at(map.get(key, true) as Node, `"${key}" must be a date YYYY-MM-DD, got "${v}"`);
      return undefined;
    }
    return v;
  };
  const knownKeys = (map: YAMLMap, allowed: string[], where: string) => {
    for (const pair of map.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(k)) {
        const hint = allowed.find((a) => editDistance(a, k) <= 2);
        at(pair.key as Node, `unknown key "${k}" in ${where}${hint ? `; did you mean "${hint}"?` : ''}`);
      }
    }
  };
  const mapAt = (map: YAMLMap, key: string): YAMLMap | undefined => {
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined) {
      at(map, `missing required key "${key}"`);
      return undefined;
    }
    if (!isMap(node)) {
      at(node, `"${key}" must be a mapping`);
      return undefined;
    }
    return node;
  };

  knownKeys(root, ['format', 'plan', 'roles', 'items'], 'the file');
  const format = str(root, 'format', true);
  if (format !== undefined && format !== PLAN_FORMAT) at(root.get('format', true) as Node, `unsupported format "${format}"; expected "${PLAN_FORMAT}"`);

  const planNode = mapAt(root, 'plan');
  let header: Omit<PlanSpec, 'roles' | 'items'> | undefined;
  if (planNode) {
    knownKeys(planNode, PLAN_KEYS, 'plan');
    const issuer = mapAt(planNode, 'issuer');
    const signer = planNode.get('signer', true) as Node | undefined;
    const yearText = str(planNode, 'year', true);
    const year = Number(yearText);
    if (yearText !== undefined && !(Number.isInteger(year) && year >= 1990 && year <= 2100)) at(planNode.get('year', true) as Node, '"year" must be a year between 1990 and 2100');
    header = {
      id: str(planNode, 'id', true) ?? '',
      number: str(planNode, 'number', true) ?? '',
      title: str(planNode, 'title', true) ?? '',
      year,
      issuedOn: date(planNode, 'issued_on', false),
      issuer: { id: issuer ? (str(issuer, 'id', true) ?? '') : '', name: issuer ? (str(issuer, 'name', true) ?? '') : '' },
      signer: isMap(signer) ? { role: str(signer, 'role', true) ?? '', formula: str(signer, 'formula', true) ?? '' } : undefined,
      rehearsalStart: date(planNode, 'rehearsal_start', true) ?? '',
    };
  }

  const roles: Record<string, RoleSpec> = {};
  const rolesNode = mapAt(root, 'roles');
  if (rolesNode) {
    for (const pair of rolesNode.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!isMap(pair.value)) {
        at(pair.key as Node, `role "${key}" must be a mapping with title, person, email`);
        continue;
      }
      knownKeys(pair.value, ROLE_KEYS, `role "${key}"`);
      const email = str(pair.value, 'email', true);
      if (email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) at(pair.value.get('email', true) as Node, `"email" of role "${key}" is not an e-mail address`);
      roles[key] = { key, title: str(pair.value, 'title', true) ?? '', person: str(pair.value, 'person', true) ?? '', email: email ?? '', supervisor: str(pair.value, 'supervisor', false) };
    }
  }

  const roleRef = (map: YAMLMap, key: string, required: boolean): string | undefined => {
    const v = str(map, key, required);
    if (v !== undefined && rolesNode && !(v in roles)) {
      const hint = Object.keys(roles).find((r) => editDistance(r, v) <= 3);
      at(map.get(key, true) as Node, `unknown role "${v}"${hint ? `; did you mean "${hint}"?` : ''}`);
    }
    return v;
  };
  for (const r of Object.values(roles)) {
    if (r.supervisor && !(r.supervisor in roles)) at(rolesNode?.get(r.key, true) as Node, `role "${r.key}" has an unknown supervisor "${r.supervisor}"`);
  }

  const items: ItemSpec[] = [];
  const seenIds = new Set<string>();
  const itemsNode = root.get('items', true) as Node | undefined;
  if (!isSeq(itemsNode)) at(itemsNode ?? root, '"items" must be a list of items');
  else {
    for (const itemNode of itemsNode.items as Node[]) {
      if (!isMap(itemNode)) {
        at(itemNode, 'an item must be a mapping with id, title, steps');
        continue;
      }
      knownKeys(itemNode, ITEM_KEYS, 'an item');
      const itemId = str(itemNode, 'id', true) ?? '';
      const steps: StepSpec[] = [];
      const stepsNode = itemNode.get('steps', true) as Node | undefined;
      if (!isSeq(stepsNode)) at(stepsNode ?? itemNode, `item "${itemId}" needs a list "steps"`);
      else {
        for (const stepNode of stepsNode.items as Node[]) {
          if (!isMap(stepNode)) {
            at(stepNode, 'a step must be a mapping');
            continue;
          }
          knownKeys(stepNode, STEP_KEYS, 'a step');
          const id = str(stepNode, 'id', true) ?? '';
          if (id && seenIds.has(id)) at(stepNode.get('id', true) as Node, `duplicate step id "${id}"`);
          seenIds.add(id);
          const start = date(stepNode, 'start', false);
          const due = date(stepNode, 'due', true) ?? '';
          if (start && due && start > due) at(stepNode.get('due', true) as Node, `due ${due} is before start ${start}`);
          steps.push({
            id,
            itemId,
            title: str(stepNode, 'title', true) ?? '',
            assignee: roleRef(stepNode, 'assignee', true) ?? '',
            approval: roleRef(stepNode, 'approval', false) ?? null,
            start,
            due,
            evidence: str(stepNode, 'evidence', false),
            source: str(stepNode, 'source', false),
          });
        }
      }
      items.push({ id: itemId, title: str(itemNode, 'title', true) ?? '', source: str(itemNode, 'source', false), steps });
    }
  }

  if (errors.length || !header) return { ok: false, errors };
  return { ok: true, plan: { ...header, roles, items }, warnings: [] };
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return dp[a.length][b.length];
}
