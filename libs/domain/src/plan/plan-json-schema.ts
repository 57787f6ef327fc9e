import { PLAN_FORMAT, PLAN_SCHEMA } from './plan-schema.js';
import { DATE_PATTERN, LUNAR_PATTERN, MONTH_PATTERN, type Field } from './schema-dsl.js';

type Json = Record<string, unknown>;

const withDesc = (o: Json, desc?: string): Json => (desc ? { description: desc, ...o } : o);

function toJsonSchema(f: Field): Json {
  switch (f.t) {
    case 'string':
      return withDesc(
        { type: 'string', minLength: 1, ...(f.enum ? { enum: [...f.enum] } : {}), ...(f.pattern ? { pattern: f.pattern } : {}) },
        f.desc,
      );
    case 'date':
      return withDesc({ type: 'string', format: 'date', pattern: DATE_PATTERN }, f.desc);
    case 'month':
      return withDesc({ type: 'string', pattern: MONTH_PATTERN }, f.desc);
    case 'lunar':
      return withDesc({ type: 'string', pattern: LUNAR_PATTERN }, f.desc);
    case 'int':
    case 'number':
      return withDesc(
        {
          type: f.t === 'int' ? 'integer' : 'number',
          ...(f.min !== undefined ? { minimum: f.min } : {}),
          ...(f.max !== undefined ? { maximum: f.max } : {}),
        },
        f.desc,
      );
    case 'bool':
      return withDesc({ type: 'boolean' }, f.desc);
    case 'list':
      return withDesc({ type: 'array', items: toJsonSchema(f.of), ...(f.minItems ? { minItems: f.minItems } : {}) }, f.desc);
    case 'map':
      return withDesc(
        { type: 'object', additionalProperties: toJsonSchema(f.of), ...(f.keyPattern ? { propertyNames: { pattern: f.keyPattern } } : {}) },
        f.desc,
      );
    case 'object': {
      const required = Object.entries(f.fields)
        .filter(([, p]) => p.required)
        .map(([k]) => k);
      return withDesc(
        {
          type: 'object',
          properties: Object.fromEntries(Object.entries(f.fields).map(([k, p]) => [k, toJsonSchema(p)])),
          ...(required.length ? { required } : {}),
          additionalProperties: false,
        },
        f.desc,
      );
    }
    case 'oneOf':
      return withDesc({ anyOf: f.options.map(toJsonSchema) }, f.desc);
  }
}

/** The published JSON Schema of plan files (plans/plan.schema.json), generated from the same description the validator uses. */
export function planJsonSchema(): Json {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://dondoc.local/schemas/plan-1.json',
    title: `dondoc plan file (${PLAN_FORMAT})`,
    ...toJsonSchema(PLAN_SCHEMA),
  };
}
