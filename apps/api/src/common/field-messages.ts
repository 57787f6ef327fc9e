import type { ValidationError } from '@nestjs/common';
import { DomainError } from '#libs/domain/src/index.js';

/**
 * The Vietnamese text of a refused field, by the class-validator constraint that refused it. A decorator whose
 * English message says more than its constraint (a date format, the allowed values) gives its own Vietnamese in
 * `context: { vi }`. The limit of min/max/length constraints is the last number in class-validator's English message.
 */
const BY_CONSTRAINT: Record<string, (limit: string | undefined) => string> = {
  whitelistValidation: () => 'không phải trường của yêu cầu này',
  isDefined: () => 'là bắt buộc',
  isNotEmpty: () => 'không được để trống',
  isString: () => 'phải là chuỗi ký tự',
  isNumber: () => 'phải là một số',
  isInt: () => 'phải là số nguyên',
  isPositive: () => 'phải là số dương',
  isBoolean: () => 'phải là true hoặc false',
  isArray: () => 'phải là một danh sách',
  isObject: () => 'phải là một đối tượng (bảng khóa → giá trị)',
  isUuid: () => 'phải là một mã UUID',
  isUrl: () => 'phải là một địa chỉ http(s)',
  min: (n) => `không được nhỏ hơn ${n}`,
  max: (n) => `không được lớn hơn ${n}`,
  maxLength: (n) => `dài tối đa ${n} ký tự`,
  minLength: (n) => `dài tối thiểu ${n} ký tự`,
  arrayMaxSize: (n) => `có tối đa ${n} phần tử`,
  arrayMinSize: (n) => `có tối thiểu ${n} phần tử`,
  matches: () => 'không đúng định dạng',
  isIn: () => 'không thuộc các giá trị được phép',
  isLocalDate: () => 'phải là một ngày có thật, viết YYYY-MM-DD (năm-tháng-ngày)',
};

/** The limit ends class-validator's English message (`… must not be greater than 500`, `… than or equal to 4000 characters`). */
const limitOf = (english: string): string | undefined => english.match(/-?\d+(?:\.\d+)?/g)?.at(-1);

/** `Trường "page" phải là số nguyên.`: the field named as the request names it. */
export const fieldMessage = (path: string, text: string): string => `Trường "${path}" ${text.replace(/\.$/, '')}.`;

const PRESENCE = ['isNotEmpty', 'isDefined'];
const TYPES = ['isString', 'isNumber', 'isInt', 'isBoolean', 'isArray', 'isObject'];

/**
 * The constraints worth telling: a field left out or empty is only "required"; a value of the wrong type only its
 * type (its length or range says nothing then); otherwise every constraint it broke.
 */
function telling(constraints: Record<string, string>, value: unknown): [string, string][] {
  const all = Object.entries(constraints);
  const missing = value === undefined || value === null || value === '';
  const presence = all.filter(([name]) => PRESENCE.includes(name));
  if (missing && presence.length) return presence;
  const types = all.filter(([name]) => TYPES.includes(name));
  return types.length ? types : all;
}

/** One refused field in Vietnamese: the constraints worth telling (see `telling`), each text once. */
export function fieldMessageVi(
  path: string,
  constraints: Record<string, string>,
  contexts?: Record<string, { vi?: unknown }>,
  value?: unknown,
): string {
  const texts = telling(constraints, value).map(([name, english]) => {
    const own = contexts?.[name]?.vi;
    if (typeof own === 'string') return own;
    const known = BY_CONSTRAINT[name];
    return known ? known(limitOf(english)) : `không hợp lệ (${english})`;
  });
  return fieldMessage(path, [...new Set(texts)].join('; '));
}

/** The refused fields of a validation, by path (`links.0`, `values.2.1`): Vietnamese, and the English beside it. */
export function flattenValidation(errors: ValidationError[], prefix = ''): { vi: Record<string, string>; en: Record<string, string> } {
  const vi: Record<string, string> = {};
  const en: Record<string, string> = {};
  const walk = (list: ValidationError[], at: string) => {
    for (const e of list) {
      // A key with no name (`?=x`) is named by its quotes, so that the message still points somewhere.
      const name = e.property === '' ? '""' : e.property;
      const path = at ? `${at}.${name}` : name;
      if (e.constraints) {
        vi[path] = fieldMessageVi(path, e.constraints, e.contexts, e.value);
        en[path] = Object.values(e.constraints).join('; ');
      }
      walk(e.children ?? [], path);
    }
  };
  walk(errors, prefix);
  return { vi, en };
}

/** A 422 naming the fields at fault: Vietnamese per field in `errors`, the English for developers in `detail`. */
export const invalidFields = (vi: Record<string, string>, english: string): DomainError =>
  new DomainError('VALIDATION_FAILED', `The request has invalid fields: ${english}`, vi);
