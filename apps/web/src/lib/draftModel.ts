import dayjs, { type Dayjs } from 'dayjs';

/**
 * The plan draft's model (the plan file as JSON) as the editor reads and changes it: a value by its field path
 * (items.0.steps.2.due, the path of the API's TODOs and diagnostics), a copy with one value changed, TODOs.
 */
export type Json = Record<string, unknown>;

const isIndex = (k: string) => /^\d+$/.test(k);

/** The value at a field path, or undefined. */
export function getAt(model: unknown, path: string): unknown {
  let at: unknown = model;
  for (const k of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = Array.isArray(at) ? at[Number(k)] : (at as Json)[k];
  }
  return at;
}

/** A copy of the model with the value at `path` set (undefined: the field removed); only the objects on the path are copied. */
export function setAt<T>(model: T, path: string, value: unknown): T {
  const [k, ...rest] = path.split('.');
  const base: unknown = model ?? (isIndex(k) ? [] : {});
  const copy: Json | unknown[] = Array.isArray(base) ? [...(base as unknown[])] : { ...(base as Json) };
  const child = rest.length ? setAt((copy as Json)[k], rest.join('.'), value) : value;
  if (Array.isArray(copy)) copy[Number(k)] = child;
  else if (child === undefined) delete copy[k];
  else copy[k] = child;
  return copy as T;
}

const TODO = /^\s*TODO(?:$|[:\s]\s*([\s\S]*))$/;

/** A value still to be given ("TODO: why"). */
export const isTodo = (v: unknown): v is string => typeof v === 'string' && TODO.test(v);

/**
 * The text of a TODO (what the value should be), '' when it says nothing. The importer writes its TODOs in
 * Vietnamese; a plan file written by hand may not: a text without a Vietnamese letter is not shown to the officer (the
 * field's own label says what is asked).
 */
export const todoText = (v: unknown): string => {
  const text = isTodo(v) ? (TODO.exec(v)?.[1] ?? '').trim() : '';
  return vietnameseOnly(text);
};

/** A text if it is Vietnamese (has a letter outside ASCII), else ''. */
export const vietnameseOnly = (text: string): string => (/[À-ỹĐđ]/.test(text) ? text : '');

/** A plan date (YYYY-MM-DD) for a DatePicker; a TODO or a word is no date. */
export const dateValue = (v: unknown): Dayjs | null => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? dayjs(v) : null);

/** A plain text value for an input: a TODO shows as empty (its text is the placeholder). */
export const textValue = (v: unknown): string =>
  isTodo(v) || v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** Where the field path is in the editor: the section (and panel) that holds its input. */
export function sectionOf(path: string): { section: 'plan' | 'roles' | 'units' | 'items' | 'other'; panel?: string } {
  const [head, a] = path.split('.');
  if (head === 'plan') return { section: 'plan' };
  if (head === 'roles') return { section: 'roles', panel: `role:${a}` };
  if (head === 'org_units') return { section: 'units' };
  if (head === 'items') return { section: 'items', panel: `item:${a}` };
  return { section: 'other' };
}

/** The DOM id of a field's input (a path with dots is no valid CSS id). */
export const fieldId = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export interface Diagnostic {
  path: string;
  severity: 'error' | 'warning';
  message: string;
  /** TODO: a value still to be given (its message is the editor's own, in Vietnamese). */
  code?: string;
}

/** The diagnostics by field path: the first error (else warning) of each path is the one shown at its field. */
export function byPath(diagnostics: readonly Diagnostic[]): Map<string, Diagnostic> {
  const out = new Map<string, Diagnostic>();
  for (const d of diagnostics) {
    const had = out.get(d.path);
    if (!had || (had.severity === 'warning' && d.severity === 'error')) out.set(d.path, d);
  }
  return out;
}

/** A field path in words for the TODO list: "Vai trò Chủ tịch UBND xã – thư điện tử", "Bước I03.2 – hạn". */
export function pathLabel(model: unknown, path: string): string {
  const parts = path.split('.');
  const last = parts.at(-1)!;
  const field = FIELD_LABELS[last] ?? last;
  if (parts[0] === 'plan') return `Kế hoạch – ${field}`;
  if (parts[0] === 'roles') {
    const title = getAt(model, `roles.${parts[1]}.title`);
    return `Vai trò ${typeof title === 'string' && !isTodo(title) ? title : parts[1]} – ${field}`;
  }
  if (parts[0] === 'org_units') {
    const name = getAt(model, `org_units.${parts[1]}.name`);
    return `Đơn vị ${typeof name === 'string' && !isTodo(name) ? name : `số ${Number(parts[1]) + 1}`} – ${field}`;
  }
  if (parts[0] === 'items' && parts[2] === 'steps' && parts.length > 4) {
    const title = getAt(model, `items.${parts[1]}.steps.${parts[3]}.title`);
    const id = getAt(model, `items.${parts[1]}.steps.${parts[3]}.id`);
    return `Bước ${String(id ?? '')} ${typeof title === 'string' ? `«${title.slice(0, 60)}»` : ''} – ${field}`.replace(/\s+/g, ' ');
  }
  if (parts[0] === 'items') {
    const title = getAt(model, `items.${parts[1]}.title`);
    return `Nội dung ${typeof title === 'string' ? `«${title.slice(0, 60)}»` : Number(parts[1]) + 1} – ${field}`;
  }
  return path;
}

/** Field names in Vietnamese. */
export const FIELD_LABELS: Record<string, string> = {
  id: 'mã',
  title: 'tên',
  number: 'số hiệu',
  year: 'năm',
  issued_on: 'ngày ban hành',
  rehearsal_start: 'ngày bắt đầu diễn tập',
  person: 'người giữ',
  email: 'thư điện tử',
  name: 'tên',
  assignee: 'người thực hiện',
  helpers: 'người phối hợp',
  approval: 'người phê duyệt',
  start: 'ngày bắt đầu',
  due: 'hạn',
  due_by: 'hạn chậm nhất',
  due_lunar: 'hạn theo âm lịch',
  recurrence: 'lặp lại',
  evidence: 'minh chứng',
  from: 'từ tháng',
  to: 'đến tháng',
  due_anchor: 'năm sau, hạn gắn với',
  day: 'ngày trong năm',
  event: 'sự kiện',
  offset_wd: 'số ngày làm việc',
  rule: 'nếu trùng ngày nghỉ',
  reminders_wd: 'nhắc việc trước hạn',
  escalation: 'báo cáo cấp trên khi quá hạn',
};
