import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { isIsoDate } from '../local-date.js';
import { DATE_PATTERN, LUNAR_PATTERN, MONTH_PATTERN, type Field } from './schema-dsl.js';

export interface Problem {
  node: Node | null | undefined;
  message: string;
  /** A short stable English identifier of the problem; a limit's values in `vars`. */
  code?: string;
  vars?: Record<string, string | number>;
}

/** Where each value of the checked document came from, by path ("items.0.steps.2.due"), for later messages. */
export type NodeIndex = Map<string, Node>;

const describe = (f: Field): string => {
  switch (f.t) {
    case 'string':
      return f.enum ? `một trong ${f.enum.map((e) => `"${e}"`).join(', ')}` : 'một đoạn chữ';
    case 'date':
      return 'một ngày dạng YYYY-MM-DD';
    case 'month':
      return 'một tháng dạng YYYY-MM';
    case 'lunar':
      return 'một ngày âm lịch dạng MM-DD (thêm L phía trước nếu là tháng nhuận)';
    case 'int':
      return 'một số nguyên' + range(f.min, f.max);
    case 'number':
      return 'một số' + range(f.min, f.max);
    case 'bool':
      return 'true hoặc false';
    case 'list':
      return 'một danh sách';
    case 'map':
    case 'object':
      return 'một bảng khóa: giá trị';
    case 'oneOf':
      return f.options.map(describe).join(' hoặc ');
  }
};
const range = (min?: number, max?: number) =>
  min !== undefined && max !== undefined ? ` từ ${min} đến ${max}` : min !== undefined ? ` ≥ ${min}` : max !== undefined ? ` ≤ ${max}` : '';

/** An ISO date as a person reads it (dd/mm/yyyy); anything else as it was written. */
export const viDate = (d: unknown): string =>
  typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d.split('-').reverse().join('/') : String(d);

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return dp[a.length][b.length];
}

/** The closest known name, for "did you mean". */
export function suggest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

/** Where an object sits, in words a person reading the file understands. */
export function placeOf(path: string): string {
  if (!path) return 'tệp';
  if (/(^|\.)steps\.\d+$/.test(path)) return 'một bước';
  if (/^items\.\d+$/.test(path)) return 'một nội dung';
  if (/^org_units\.\d+$/.test(path)) return 'một đơn vị';
  const role = /^roles\.([^.]+)$/.exec(path);
  if (role) return `vai trò "${role[1]}"`;
  const last = path
    .split('.')
    .filter((x) => !/^\d+$/.test(x))
    .pop();
  return `"${last}"`;
}

/** A scalar's text as written (dates stay strings whatever the YAML version would make of them). */
const scalarText = (node: Node): string | undefined => {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(node.source ?? v)
      : v === null
        ? undefined
        : String(v);
};

/** The explanation of a scalar written as `TODO` or `TODO: why` (also `TODO why`), or undefined for any other value. */
export function todoOf(node: Node): string | undefined {
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  const m = /^\s*TODO(?:$|[:\s]\s*([\s\S]*))$/.exec(node.value);
  return m ? (m[1] ?? '').trim() : undefined;
}

/**
 * Checks a YAML node against a field description and returns the plain value (undefined where it is wrong).
 * Every problem is collected; nothing throws.
 */
export function checkNode(node: Node | null | undefined, f: Field, path: string, problems: Problem[], index: NodeIndex): unknown {
  if (node) index.set(path, node);
  const todo = node ? todoOf(node) : undefined;
  if (todo !== undefined) {
    // A value left for a person (an imported draft writes them): reported once here and treated as absent, so no
    // type error follows it; it still counts as written for the checks that ask whether a key is there.
    const parent = path.split('.').slice(0, -1).join('.');
    const key = path.split('.').pop() ?? '';
    problems.push({ node, message: `TODO ở ${placeOf(parent)}: ${todo || `chưa ghi "${key}"`} — hãy điền vào`, code: 'TODO' });
    return undefined;
  }
  if (node && isAlias(node)) {
    problems.push({ node, message: `tệp kế hoạch không cho dùng alias (*${node.source}); hãy viết đầy đủ giá trị`, code: 'ALIAS' });
    return undefined;
  }
  const wrong = (what = describe(f)) => {
    problems.push({
      node,
      message: `${
        path
          ? `"${path
              .split('.')
              .filter((x) => !/^\d+$/.test(x))
              .pop()}"`
          : 'tệp'
      } phải là ${what}`,
      code: 'WRONG_TYPE',
    });
    return undefined;
  };
  switch (f.t) {
    case 'string': {
      if (!node || !isScalar(node) || node.value === null || typeof node.value === 'object') return wrong();
      const v = String(scalarText(node) ?? '');
      if (!v.trim()) return wrong('một đoạn chữ không rỗng');
      if (f.enum && !f.enum.includes(v)) {
        const hint = suggest(v, f.enum);
        problems.push({
          node,
          message: `"${v}" không phải là ${describe(f)}${hint ? `; có phải là "${hint}"?` : ''}`,
          code: 'NOT_IN_ENUM',
        });
        return undefined;
      }
      if (f.pattern && !new RegExp(f.pattern).test(v)) return wrong(`một mã khớp với ${f.pattern}, nhưng đang là "${v}"`);
      return v;
    }
    case 'date':
    case 'month':
    case 'lunar': {
      const v = node && isScalar(node) ? scalarText(node) : undefined;
      const pattern = f.t === 'date' ? DATE_PATTERN : f.t === 'month' ? MONTH_PATTERN : LUNAR_PATTERN;
      if (v === undefined || !new RegExp(pattern).test(v) || (f.t === 'date' && !isIsoDate(v)))
        return wrong(`${describe(f)}${v !== undefined ? `, nhưng đang là "${v}"` : ''}`);
      return v;
    }
    case 'int':
    case 'number': {
      if (!node || !isScalar(node) || typeof node.value !== 'number' || !Number.isFinite(node.value)) return wrong();
      const v = node.value;
      if (f.t === 'int' && !Number.isSafeInteger(v)) return wrong();
      if ((f.min !== undefined && v < f.min) || (f.max !== undefined && v > f.max)) return wrong(`${describe(f)}, nhưng đang là ${v}`);
      return v;
    }
    case 'bool':
      return node && isScalar(node) && typeof node.value === 'boolean' ? node.value : wrong();
    case 'list': {
      if (!node || !isSeq(node)) return wrong();
      if (f.minItems && node.items.length < f.minItems) return wrong(`một danh sách có ít nhất ${f.minItems} mục`);
      return node.items.map((n, i) => checkNode(n as Node, f.of, `${path}.${i}`, problems, index));
    }
    case 'map': {
      if (!node || !isMap(node)) return wrong();
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : '';
        if (f.keyPattern && !new RegExp(f.keyPattern).test(k)) {
          problems.push({
            node: pair.key as Node,
            message: `"${k}" không phải là khóa hợp lệ (cần khớp với ${f.keyPattern})`,
            code: 'BAD_KEY',
          });
          continue;
        }
        out[k] = checkNode(pair.value as Node, f.of, path ? `${path}.${k}` : k, problems, index);
      }
      return out;
    }
    case 'object': {
      if (!node || !isMap(node)) return wrong();
      const out: Record<string, unknown> = {};
      const known = Object.keys(f.fields);
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : '';
        const sub = f.fields[k];
        const where = placeOf(path);
        if (!sub) {
          const hint = suggest(k, known);
          problems.push({
            node: pair.key as Node,
            message: `khóa "${k}" không dùng được ở ${where}${hint ? `; có phải là "${hint}"?` : ''}`,
            code: 'UNKNOWN_KEY',
          });
          continue;
        }
        out[k] = checkNode(pair.value as Node, sub, path ? `${path}.${k}` : k, problems, index);
      }
      for (const [k, sub] of Object.entries(f.fields)) {
        if (sub.required && !node.items.some((p) => isScalar(p.key) && String(p.key.value) === k)) {
          problems.push({ node, message: `thiếu khóa bắt buộc "${k}" ở ${placeOf(path)}`, code: 'MISSING_KEY' });
        }
      }
      return out;
    }
    case 'oneOf': {
      let best: { problems: Problem[]; value: unknown; index: NodeIndex } | undefined;
      for (const option of f.options) {
        const p: Problem[] = [];
        const idx: NodeIndex = new Map();
        const value = checkNode(node, option, path, p, idx);
        if (!p.length) {
          idx.forEach((v, k) => index.set(k, v));
          return value;
        }
        if (!best || p.length < best.problems.length) best = { problems: p, value, index: idx };
      }
      const shapeMismatch = best!.problems.length === 1 && best!.problems[0].node === node && /must be/.test(best!.problems[0].message);
      if (shapeMismatch) return wrong();
      problems.push(...best!.problems);
      best!.index.forEach((v, k) => index.set(k, v));
      return undefined;
    }
  }
}
