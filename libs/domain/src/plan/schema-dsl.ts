/**
 * A small schema language for plan files. One description serves two purposes: validating a YAML document with
 * line/column diagnostics (plan-file.ts) and publishing a JSON Schema (plan-json-schema.ts), so the two never drift.
 */
export type Field =
  | { t: 'string'; enum?: readonly string[]; pattern?: string; desc?: string; example?: string }
  | { t: 'date'; desc?: string } // YYYY-MM-DD, a local date in Asia/Ho_Chi_Minh
  | { t: 'month'; desc?: string } // YYYY-MM
  | { t: 'lunar'; desc?: string } // MM-DD of the Vietnamese lunar calendar, optional "L" prefix for a leap month
  | { t: 'int'; min?: number; max?: number; desc?: string }
  | { t: 'number'; min?: number; max?: number; desc?: string }
  | { t: 'bool'; desc?: string }
  | { t: 'list'; of: Field; minItems?: number; desc?: string }
  | { t: 'map'; of: Field; keyPattern?: string; desc?: string }
  | { t: 'object'; fields: Record<string, Prop>; desc?: string }
  | { t: 'oneOf'; options: Field[]; desc?: string };

export type Prop = Field & { required?: boolean };

export const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.\\-]*$';
export const KEY_PATTERN = '^[a-z][a-z0-9_]*$';
export const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
export const MONTH_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';
export const LUNAR_PATTERN = '^L?(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|30)$';

export const str = (o: Omit<Extract<Field, { t: 'string' }>, 't'> = {}): Field => ({ t: 'string', ...o });
export const req = (f: Field): Prop => ({ ...f, required: true });
export const obj = (fields: Record<string, Prop>, desc?: string): Field => ({ t: 'object', fields, desc });
export const list = (of: Field, desc?: string, minItems?: number): Field => ({ t: 'list', of, desc, minItems });
export const date = (desc?: string): Field => ({ t: 'date', desc });
