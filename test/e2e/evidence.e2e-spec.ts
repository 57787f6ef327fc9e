import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { startSeedStack, type Stack } from '../utils/stack.js';

const PLAN = `EVID-${randomBytes(3).toString('hex')}`;
const STEP = `/api/v1/plans/${PLAN}/steps/I01.5`;

/**
 * Evidence through HTTP, Temporal and PostgreSQL: files uploaded to the step (bytes in PostgreSQL, only ids in the
 * workflow), links, a return with a reason, a resubmission with new evidence; the history keeps both versions.
 */
describe('evidence: files and links, every submission version kept', () => {
  let s: Stack;
  const upload = async (name: string, bytes: Buffer, actor = 'finance_officer', type = 'application/pdf') => {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type }), name);
    const r = await fetch(`${s.baseUrl}${STEP}/files`, { method: 'POST', body: form, headers: { 'x-dondoc-actor': actor } });
    return { status: r.status, body: (await r.json()) as any };
  };
  const draft = Buffer.from('%PDF-1.4 dự toán kinh phí 45.000.000 đồng');
  const signed = randomBytes(4096);

  beforeAll(async () => {
    s = await startSeedStack(PLAN);
    await s.runPlan(PLAN, { speed: 1, planStart: '2023-04-03' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('the assignee uploads a file; its Vietnamese name, size and SHA-256 come back, and it downloads byte for byte', async () => {
    const r = await upload('Dự toán kinh phí.pdf', draft);
    expect(r).toMatchObject({
      status: 201,
      body: {
        name: 'Dự toán kinh phí.pdf',
        size: draft.length,
        sha256: createHash('sha256').update(draft).digest('hex'),
        uploadedBy: 'finance_officer',
      },
    });
    const dl = await fetch(`${s.baseUrl}${STEP}/files/${r.body.id}`, { headers: { 'x-dondoc-actor': 'vice_chair_vhxh' } });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('application/pdf');
    expect(dl.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('Dự toán kinh phí.pdf')}`);
    expect(Buffer.from(await dl.arrayBuffer()).equals(draft)).toBe(true);
  });

  it('refuses an upload by someone else, an empty request, an oversized file; and a submission naming a file it does not have', async () => {
    expect(await upload('x.pdf', draft, 'officer_ldtbxh')).toMatchObject({ status: 403, body: { code: 'ACTOR_NOT_ASSIGNEE' } });
    const empty = await fetch(`${s.baseUrl}${STEP}/files`, {
      method: 'POST',
      body: new FormData(),
      headers: { 'x-dondoc-actor': 'finance_officer' },
    });
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as any).errors.file).toMatch(/^Trường "file" là bắt buộc/);
    expect((await upload('big.bin', Buffer.alloc(10 * 1024 * 1024 + 1))).status).toBe(413);
    const bad = await s.http(
      'POST',
      `${STEP}/submission`,
      { note: 'x', fileIds: ['00000000-0000-4000-8000-000000000000'], links: ['ftp://x'] },
      'finance_officer',
    );
    expect(bad).toMatchObject({ status: 422, body: { code: 'VALIDATION_FAILED', errors: { links: expect.stringContaining('http') } } });
    const unknown = await s.http(
      'POST',
      `${STEP}/submission`,
      { note: 'x', fileIds: ['00000000-0000-4000-8000-000000000000'] },
      'finance_officer',
    );
    expect(unknown).toMatchObject({ status: 422, body: { errors: { fileIds: expect.stringContaining('chưa được tải lên') } } });
    expect((await s.http('GET', STEP)).body).toMatchObject({ state: 'assigned' });
    const files = await s.http('GET', `${STEP}/files`);
    expect(files.body.map((f: { name: string }) => f.name)).toEqual(['Dự toán kinh phí.pdf']);
  });

  it('submit with a file and a link; return with a reason; resubmit with the signed copy; approve: four events, two evidence versions', async () => {
    const [first] = (await s.http('GET', `${STEP}/files`)).body;
    const v1 = await s.http(
      'POST',
      `${STEP}/submission`,
      { note: 'Dự thảo dự toán', fileIds: [first.id], links: ['https://drive.example.org/du-toan'] },
      'finance_officer',
    );
    expect(v1).toMatchObject({ status: 200, body: { state: 'submitted' } });
    expect(await s.http('POST', `${STEP}/rejection`, {}, 'vice_chair_vhxh')).toMatchObject({ status: 422 });
    expect(await s.http('POST', `${STEP}/rejection`, { reason: 'Thiếu chữ ký kế toán' }, 'vice_chair_vhxh')).toMatchObject({
      status: 200,
      body: { state: 'returned' },
    });
    const second = await upload('Dự toán (đã ký).pdf', signed);
    expect(second.status).toBe(201);
    const v2 = await s.http('POST', `${STEP}/submission`, { note: 'Bản đã ký', fileIds: [second.body.id] }, 'finance_officer');
    expect(v2).toMatchObject({ status: 200, body: { state: 'submitted' } });
    expect(await s.http('POST', `${STEP}/approval`, { note: 'Đồng ý' }, 'vice_chair_vhxh')).toMatchObject({
      status: 200,
      body: { state: 'completed' },
    });

    const events = (await s.http('GET', STEP)).body.events as { kind: string; note: string | null; evidence: any }[];
    expect(events.filter((e) => e.kind !== 'assigned').map((e) => [e.kind, e.note])).toEqual([
      ['submitted', 'Dự thảo dự toán'],
      ['returned', 'Thiếu chữ ký kế toán'],
      ['submitted', 'Bản đã ký'],
      ['approved', 'Đồng ý'],
    ]);
    const [e1, , e2] = events.filter((e) => e.kind !== 'assigned');
    expect(e1.evidence).toEqual({
      version: 1,
      links: ['https://drive.example.org/du-toan'],
      files: [{ id: first.id, name: 'Dự toán kinh phí.pdf', sha256: first.sha256, size: draft.length }],
    });
    expect(e2.evidence).toEqual({
      version: 2,
      links: [],
      files: [
        { id: second.body.id, name: 'Dự toán (đã ký).pdf', sha256: createHash('sha256').update(signed).digest('hex'), size: signed.length },
      ],
    });
    // Evidence is covered by the audit chain.
    expect((await s.http('GET', `${STEP}/audit`)).body).toEqual({ valid: true, events: 5, v1Events: 0 });
  });

  it('a closed step takes no more files', async () => {
    expect(await upload('late.pdf', draft)).toMatchObject({ status: 409, body: { code: 'STEP_NOT_OPEN' } });
  });
});
