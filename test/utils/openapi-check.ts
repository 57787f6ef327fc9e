import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';

/** The OpenAPI document as the api serves it (/api/docs-json), the part these checks read. */
export interface OpenApiDoc {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  components?: Record<string, unknown>;
}

const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (a: Ajv) => Ajv;

/** An OpenAPI 3.0 schema as JSON Schema: `nullable`, and `exclusiveMinimum`/`exclusiveMaximum` as booleans. */
function asJsonSchema(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(asJsonSchema);
  if (v === null || typeof v !== 'object') return v;
  const o: Record<string, unknown> = Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k, k === 'example' || k === 'examples' ? x : asJsonSchema(x)]),
  );
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof o[flag] !== 'boolean') continue;
    if (o[flag]) o[flag] = o[bound];
    else delete o[flag];
    if (o[flag] !== undefined) delete o[bound];
  }
  if (o.nullable === true) {
    delete o.nullable;
    if (typeof o.type === 'string' && !o.allOf && !o.oneOf && !o.anyOf && !o.$ref) {
      o.type = [o.type, 'null'];
      if (Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...o.enum, null];
      return o;
    }
    return { anyOf: [o, { type: 'null' }] };
  }
  if (o.nullable === false) delete o.nullable;
  return o;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/**
 * Checks an answer of /api/v1 against the document: its route (path template and method) must be declared, the status
 * among the route's responses, and a JSON body valid against that response's schema. Returns what is wrong, or
 * undefined. A path no route of the document matches must be answered 404 with the shared error body.
 */
export function responseChecker(doc: OpenApiDoc) {
  // OpenAPI 3.0 schemas: `nullable`, `example` and `format: binary` are read as OpenAPI means them.
  const ajv = new Ajv({ strict: false, allErrors: true, discriminator: true });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  ajv.addSchema({ paths: asJsonSchema(doc.paths), components: asJsonSchema(doc.components), $id: 'openapi' });
  const routes = Object.keys(doc.paths)
    .map((template) => ({
      template,
      re: new RegExp(
        `^${template
          .split(/\{[^}]+\}/)
          .map(escapeRe)
          .join('[^/]+')}$`,
      ),
      // More literal characters first: /steps.csv before /steps/{stepId}.
      weight: template.replace(/\{[^}]+\}/g, '').length,
    }))
    .sort((a, b) => b.weight - a.weight);
  const compiled = new Map<string, ValidateFunction>();
  const validator = (ref: string) => {
    let v = compiled.get(ref);
    if (!v) compiled.set(ref, (v = ajv.compile({ $ref: `openapi#${ref}` })));
    return v;
  };
  // Every validator compiled now, before a test runs: compiling one in the middle of a fast rehearsal would cost plan time.
  validator(`/${pointer('components', 'schemas', 'Error')}`);
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        if (r.content?.['application/json'])
          validator(`/${pointer('paths', template, method, 'responses', status, 'content', 'application/json', 'schema')}`);
      }
    }
  }
  return (method: string, url: string, status: number, contentType: string, body: unknown): string | undefined => {
    const path = new URL(url, 'http://x').pathname;
    const route = routes.find((r) => r.re.test(path));
    const at = `${method} ${path} → ${status}`;
    if (!route) {
      if (status !== 404) return `${at}: no route of the OpenAPI document matches this path`;
      const v = validator(`/${pointer('components', 'schemas', 'Error')}`);
      return v(body) ? undefined : `${at}: ${ajv.errorsText(v.errors)}`;
    }
    const op = doc.paths[route.template][method.toLowerCase()];
    if (!op) return status === 404 || status === 405 ? undefined : `${at}: ${method} ${route.template} is not in the OpenAPI document`;
    const response = op.responses?.[String(status)] ?? op.responses?.[`${String(status)[0]}XX`];
    if (!response)
      return `${at}: status ${status} is not declared for ${method} ${route.template} (declared: ${Object.keys(op.responses ?? {}).join(', ')})`;
    if (status === 304 || !response.content) return undefined;
    const json = /^application\/json\b/i.test(contentType);
    const media = json
      ? response.content['application/json']
      : Object.keys(response.content).find((t) => contentType.toLowerCase().startsWith(t.toLowerCase().split(';')[0]));
    if (!media)
      return `${at}: the answer is ${contentType || 'without a content type'}, the document declares ${Object.keys(response.content).join(', ')}`;
    if (!json) return undefined;
    const v = validator(
      `/${pointer('paths', route.template, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema')}`,
    );
    return v(body)
      ? undefined
      : `${at}: the body does not match the declared schema of ${method} ${route.template}: ${ajv.errorsText(v.errors, { separator: '; ' })}`;
  };
}
