import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '#libs/config/src/index.js';
import { responseChecker, type OpenApiDoc } from '../utils/openapi-check.js';
import { seedPlanI01, startStack, type Stack } from '../utils/stack.js';

const run = promisify(execFile);
const PLAN = `HG-OAS-${randomBytes(3).toString('hex')}`;

type Op = {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
};
type Doc = OpenApiDoc & {
  paths: Record<string, Record<string, Op>>;
  components: {
    schemas: Record<string, { additionalProperties?: unknown; required?: string[]; properties?: Record<string, Record<string, unknown>> }>;
    securitySchemes: Record<string, Record<string, unknown>>;
  };
};

/**
 * The API describes itself: the document served at /api/docs-json lints with no error (redocly, offline), declares a
 * schema for every answer and the one error shape for every refusal, the request bodies as strictly as the
 * validation pipe reads them, and the security schemes as they are. Every other e2e file checks its real answers
 * against it (test/utils/stack.ts, `http()`); this one also shows that check failing on a wrong answer.
 */
describe('the OpenAPI document', () => {
  let s: Stack;
  let doc: Doc;
  const ops = () =>
    Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, method, op })));

  beforeAll(async () => {
    s = await startStack();
    await s.startWorker();
    await s.loadPlan(seedPlanI01(PLAN));
    expect((await s.runPlan(PLAN, { speed: 1, planStart: '2023-03-23' })).status).toBe(200);
    const r = await fetch(`${s.baseUrl}/api/docs-json`);
    expect(r.status).toBe(200);
    doc = (await r.json()) as Doc;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('lints with no problem (redocly, recommended rules; it needs no network)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-openapi-'));
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const root = projectRoot();
    const out = await run(
      join(root, 'node_modules', '.bin', 'redocly'),
      ['lint', file, '--config', join(root, 'redocly.yaml'), '--format', 'json'],
      {
        cwd: dir,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
        maxBuffer: 32 * 1024 * 1024,
      },
    ).catch((err: { stdout?: string; stderr?: string; code?: number }) => ({
      stdout: err.stdout ?? '',
      stderr: `${err.stderr ?? ''} (exit ${err.code})`,
    }));
    const report = JSON.parse(out.stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
    };
    const errors = report.problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
    // Warnings are allowed by the brief, but none is expected either: the document names them all.
    expect(report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
  });

  it('gives every route of /api/v1 a schema for its answer and the shared error body for 400, 401, 403, 429 and 500', () => {
    const missing: string[] = [];
    expect(ops().length).toBeGreaterThan(25);
    for (const { route, op } of ops()) {
      const ok = Object.entries(op.responses).filter(([status]) => /^2/.test(status));
      if (!ok.length) missing.push(`${route}: no 2xx answer`);
      for (const [status, r] of ok) {
        const media = Object.entries(r.content ?? {});
        if (!media.length || media.some(([, m]) => !m.schema || !Object.keys(m.schema).length))
          missing.push(`${route} ${status}: no schema`);
      }
      for (const status of [
        '400',
        '401',
        '403',
        '429',
        '500',
        ...(op.parameters?.some((p) => p.in === 'path') ? ['404'] : []),
        ...(op.requestBody ? ['413', '415', '422'] : []),
      ]) {
        const schema = op.responses[status]?.content?.['application/json']?.schema;
        if (schema?.$ref !== '#/components/schemas/Error') missing.push(`${route} ${status}: not the shared Error body`);
      }
    }
    expect(missing).toEqual([]);
    expect(doc.components.schemas.Error).toMatchObject({
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        detail: { type: 'string' },
        errors: { type: 'object', additionalProperties: { type: 'string' } },
      },
    });
  });

  it('declares the request bodies as strictly as the server reads them', () => {
    const open: string[] = [];
    for (const { route, op } of ops()) {
      const ref = op.requestBody?.content['application/json']?.schema.$ref;
      if (ref && doc.components.schemas[ref.split('/').pop()!].additionalProperties !== false) open.push(route);
    }
    expect(open).toEqual([]);
    const submit = doc.components.schemas.SubmitStepDto;
    expect(submit.required).toEqual(['note']);
    expect(submit.properties).toMatchObject({
      note: { minLength: 1, maxLength: 4000 },
      links: { maxItems: 20, items: { format: 'uri' } },
      fileIds: { maxItems: 20, items: { format: 'uuid' } },
    });
    expect(doc.components.schemas.RequestExtensionDto.properties!.until).toMatchObject({ format: 'date' });
    expect(doc.components.schemas.ReportCaseDto.properties!.summary).toMatchObject({ maxLength: 2000 });
    expect(doc.components.schemas.CreateAssessmentDto.properties!.communeClass).toMatchObject({
      enum: ['ordinary', 'difficult', 'urban_ward'],
    });
  });

  it('names the security schemes as they are: an opaque bearer token (not a JWT), the session cookie, the development-only actor header', () => {
    const schemes = doc.components.securitySchemes;
    expect(schemes.apiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(String(schemes.apiToken.bearerFormat)).not.toMatch(/jwt/i);
    expect(String(schemes.apiToken.description)).toContain('ddt_');
    expect(schemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'dondoc_session' });
    expect(schemes.actorHeader).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-dondoc-actor' });
    expect(String(schemes.actorHeader.description)).toMatch(/off by default.*loopback/i);
    for (const { route, op } of ops())
      expect(`${route} ${JSON.stringify((op as { security?: unknown }).security)}`).toBe(
        `${route} [{"apiToken":[]},{"session":[]},{"actorHeader":[]}]`,
      );
    expect((doc.paths['/health'].get as { security?: unknown }).security).toEqual([]);
  });

  it('pages the steps of the status answer on request, and keeps every step in the default answer', async () => {
    const all = await s.http('GET', `/api/v1/plans/${PLAN}/status`);
    expect(all.status).toBe(200);
    expect(all.body.steps).toHaveLength(4);
    expect(all.body.stepsTotal).toBe(4);
    expect(all.body.stepsPage).toBeUndefined();
    const second = await s.http('GET', `/api/v1/plans/${PLAN}/status?page=2&pageSize=3`);
    expect(second.status).toBe(200);
    expect(second.body.stepsPage).toEqual({ page: 2, pageSize: 3, total: 4, pages: 2 });
    expect(second.body.steps.map((x: { stepId: string }) => x.stepId)).toEqual(
      all.body.steps.slice(3).map((x: { stepId: string }) => x.stepId),
    );
    // The counts stay those of the whole plan.
    expect(second.body.buckets).toEqual(all.body.buckets);
    for (const bad of ['page=0', 'pageSize=501', 'page=x']) {
      const r = await s.http('GET', `/api/v1/plans/${PLAN}/status?${bad}`);
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(r.body.errors)).toEqual([bad.split('=')[0]]);
    }
  });

  it('checks real answers against it: a step, a refusal; an undeclared status or a wrong body is caught', async () => {
    const check = responseChecker(doc);
    const step = await fetch(`${s.baseUrl}/api/v1/plans/${PLAN}/steps/I01.5`, { headers: { 'x-dondoc-actor': 'chairman' } });
    const body = (await step.json()) as Record<string, unknown>;
    expect(check('GET', `/api/v1/plans/${PLAN}/steps/I01.5`, step.status, step.headers.get('content-type')!, body)).toBeUndefined();
    expect(check('GET', `/api/v1/plans/${PLAN}/steps/I01.5`, 200, 'application/json', { ...body, state: 'done' })).toMatch(
      /GET \/api\/v1\/plans\/\{planId\}\/steps\/\{stepId\}.*state.*allowed values/,
    );
    expect(check('GET', `/api/v1/plans/${PLAN}/steps/I01.5`, 200, 'application/json', { ...body, events: undefined })).toMatch(
      /must have required property 'events'/,
    );
    expect(check('GET', `/api/v1/plans/${PLAN}/steps/I01.5`, 418, 'application/json', {})).toMatch(/status 418 is not declared/);
    expect(check('GET', '/api/v1/plans', 401, 'application/json', { message: 'x' })).toMatch(/required property 'code'/);
    // Through the stack's helper: a refusal in the shared shape passes; the helper would throw on a mismatch.
    const refused = await s.http('POST', `/api/v1/plans/${PLAN}/steps/I01.5/submission`, { note: 'x', extra: 1 }, 'finance_officer');
    expect(refused).toMatchObject({ status: 422, body: { code: 'VALIDATION_FAILED', errors: { extra: expect.any(String) } } });
  });

  it('keeps the Swagger UI at /api/docs', async () => {
    const ui = await fetch(`${s.baseUrl}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
  });
});
