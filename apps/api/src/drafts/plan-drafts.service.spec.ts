import { describe, expect, it } from '@jest/globals';
import type { HttpException } from '@nestjs/common';
import {
  PlanDraftRepository,
  PlanRepository,
  StaffRepository,
  type DraftSave,
  type MembershipRow,
  type PlanDraftRow,
} from '#libs/database/src/index.js';
import { MAX_PLAN_FILE_BYTES } from '#libs/domain/src/index.js';
import { planFactory } from '../../../../test/factories/plan.factory.js';
import { fake, planRowFactory, signedInUserFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { PlanStartService } from './plan-start.service.js';
import { PlanDraftsService, worded } from './plan-drafts.service.js';

// Only the decisions taken before a plan file is parsed: parsing, checking and importing run in a worker (isolated-parse),
// which a unit test does not start; the draft e2e tests cover them.
const spec = planFactory({ id: 'TEST-DRAFTS' });
const plan = planRowFactory(spec);
const ID = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const author = signedInUserFactory({ id: 'u-author', displayName: 'Phạm Văn Soạn' });
const chairman = signedInUserFactory({ id: 'u-chair' });
const officer = signedInUserFactory({ id: 'u-officer' });
const model = { format: 'dondoc/plan@1', plan: { id: 'KH-2024', title: 'Kế hoạch năm 2024', issuer: 'ubnd_xa_test' } };
const draftRow = (over: Partial<PlanDraftRow> = {}): PlanDraftRow => ({
  id: ID,
  title: 'Kế hoạch năm 2024',
  sourceKind: 'plan_file',
  sourceName: 'kh.yaml',
  sourcePlanId: null,
  issuerId: 'ubnd_xa_test',
  yaml: 'format: dondoc/plan@1\n',
  model,
  rewrite: [],
  version: 3,
  createdBy: author.id,
  createdByName: author.displayName,
  updatedBy: author.id,
  updatedByName: author.displayName,
  createdAt: new Date('2026-01-05T01:00:00Z'),
  updatedAt: new Date('2026-01-05T01:00:00Z'),
  startedPlanId: null,
  startedAt: null,
  ...over,
});
const held: Record<string, MembershipRow[]> = {
  [chairman.id]: [{ planId: spec.id, roleKey: 'chairman', unitId: null, source: 'plan' }],
  [officer.id]: [{ planId: spec.id, roleKey: 'officer_ldtbxh', unitId: null, source: 'plan' }],
};

function drafts(row: PlanDraftRow | undefined = draftRow(), saveAnswer: DraftSave = { missing: true }) {
  const calls: string[] = [];
  const service = unitUnderTest(PlanDraftsService, [
    [PlanStartService, fake<PlanStartService>({ start: async () => (calls.push('start'), { ok: false }) })],
    [
      PlanDraftRepository,
      fake<PlanDraftRepository>({
        find: async (id: string) => (id === row?.id ? row : undefined),
        visibleTo: async (userId: string, issuers: string[]) => (calls.push(`visibleTo ${userId} ${issuers.join(',')}`), []),
        save: async () => (calls.push('save'), saveAnswer),
        delete: async (id: string) => (calls.push(`delete ${id}`), true),
        planFile: async () => undefined,
        create: async () => (calls.push('create'), row),
      }),
    ],
    [PlanRepository, fake<PlanRepository>({ find: async (id: string) => (id === spec.id ? plan : undefined) })],
    [StaffRepository, fake<StaffRepository>({ memberships: async (id: string) => held[id] ?? [] })],
  ]);
  return { service, calls };
}

/** The status and body of the HttpException a call is refused with. */
async function refusal(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    const e = err as HttpException;
    return { status: e.getStatus(), ...(e.getResponse() as Record<string, unknown>) };
  }
  throw new Error('not refused');
}

describe('PlanDraftsService', () => {
  it("counts the chairman, not an officer, as a manager of the plan's commune, and lists drafts for it", async () => {
    const { service, calls } = drafts();
    const s = await service;
    expect(await s.managedIssuers(chairman)).toEqual(['ubnd_xa_test']);
    expect(await s.managedIssuers(officer)).toEqual([]);
    await s.list(chairman);
    expect(calls).toContain('visibleTo u-chair ubnd_xa_test');
  });

  it("shows a draft to its author and the commune's managers only; others, a bad id and a missing draft get the same 404", async () => {
    const { service, calls } = drafts();
    const s = await service;
    expect(await s.planFile(author, ID)).toEqual({ name: 'KH-2024.yaml', text: 'format: dondoc/plan@1\n' });
    expect((await s.planFile(chairman, ID)).name).toBe('KH-2024.yaml');
    for (const [who, id] of [
      [officer, ID],
      [author, 'not-a-uuid'],
      [author, '00000000-0000-4000-8000-000000000000'],
    ] as const) {
      expect(await refusal(s.remove(who, id))).toMatchObject({
        status: 404,
        code: 'DRAFT_NOT_FOUND',
        message: expect.stringContaining('Không tìm thấy bản dự thảo'),
      });
    }
    expect(calls.filter((c) => c.startsWith('delete'))).toEqual([]);
    await s.remove(chairman, ID);
    expect(calls).toContain(`delete ${ID}`);
  });

  it("refuses to save over another's change, naming who changed it, when (dd/mm/yyyy) and the version", async () => {
    const changed = draftRow({
      version: 4,
      updatedBy: chairman.id,
      updatedByName: 'Nguyễn Văn Chủ',
      updatedAt: new Date('2026-01-06T02:30:00Z'),
    });
    const { service } = drafts(draftRow(), { changed });
    const r = await refusal((await service).save(author, ID, 3, model));
    expect(r).toMatchObject({
      status: 409,
      code: 'DRAFT_CHANGED',
      version: 4,
      changedBy: { id: chairman.id, name: 'Nguyễn Văn Chủ' },
      changedAt: '2026-01-06T02:30:00.000Z',
    });
    expect(r.message).toEqual(expect.stringContaining('Nguyễn Văn Chủ sửa lúc'));
    expect(r.message).toEqual(expect.stringContaining('06/01/2026'));
    expect(r.message).toEqual(expect.stringContaining('phiên bản 4'));
  });

  it('keeps a started draft read-only: no save, no second start', async () => {
    const { service, calls } = drafts(draftRow({ startedPlanId: 'KH-2024' }));
    const s = await service;
    expect(await refusal(s.save(author, ID, 3, model))).toMatchObject({
      status: 409,
      code: 'DRAFT_STARTED',
      planId: 'KH-2024',
      message: expect.stringContaining('đã được triển khai thành kế hoạch KH-2024'),
    });
    expect(await refusal(s.start(author, ID, { real: true }))).toMatchObject({ status: 409, code: 'DRAFT_STARTED' });
    expect(calls).toEqual([]);
  });

  it('refuses bad run options per field in Vietnamese before starting anything', async () => {
    const { service, calls } = drafts();
    const r = await refusal((await service).start(author, ID, { real: false, speed: 0, planStart: '2024-02-30' }));
    expect(r).toMatchObject({
      status: 422,
      code: 'VALIDATION_FAILED',
      errors: {
        speed: 'Tốc độ phải là một số dương, không quá 10.000.000.',
        planStart: 'Ngày bắt đầu phải là một ngày hợp lệ, viết dd/mm/yyyy.',
      },
    });
    expect(calls).toEqual([]);
  });

  it('refuses a model whose plan file passes the size limit, storing nothing', async () => {
    const { service, calls } = drafts();
    const big = { ...model, plan: { ...model.plan, notes: 'x'.repeat(MAX_PLAN_FILE_BYTES + 1) } };
    const r = await refusal((await service).save(author, ID, 3, big));
    expect(r).toMatchObject({ status: 422, code: 'VALIDATION_FAILED', errors: { model: expect.stringContaining('lớn hơn giới hạn') } });
    expect(calls).toEqual([]);
  });

  it("refuses an upload too large or not UTF-8 before reading it as a plan, and next year's draft of an unknown plan or one without its file", async () => {
    const { service, calls } = drafts();
    const s = await service;
    expect(await refusal(s.createFromUpload(author, { name: 'kh.yaml', bytes: Buffer.alloc(MAX_PLAN_FILE_BYTES + 1) }))).toMatchObject({
      status: 413,
      code: 'UPLOAD_INVALID',
    });
    expect(await refusal(s.createFromUpload(author, { name: 'kh.YML', bytes: Buffer.from([0xff, 0xfe, 0x41]) }))).toMatchObject({
      status: 422,
      code: 'NOT_A_PLAN',
      errors: { file: 'Tệp kh.YML không phải là một kế hoạch: tệp .yaml không phải là văn bản UTF-8. Chưa có gì được lưu.' },
    });
    expect(await refusal(s.createNextYear(author, 'NOPE'))).toMatchObject({
      status: 404,
      code: 'PLAN_NOT_FOUND',
      message: 'Không tìm thấy kế hoạch này.',
    });
    expect(await refusal(s.createNextYear(author, spec.id))).toMatchObject({
      status: 409,
      code: 'PLAN_FILE_MISSING',
      message: expect.stringContaining(`kế hoạch ${spec.id}`),
    });
    expect(calls).toEqual([]);
  });
});

describe('worded', () => {
  it("words a limit's diagnostic in the full Vietnamese sentence with its values, and leaves the others as they are", () => {
    const at = { file: 'ke-hoach.yaml', line: 12, col: 5, severity: 'error' as const, path: 'items.0.steps.3' };
    const limit = worded({
      ...at,
      message: 'kế hoạch tạo ra 6600 lượt',
      code: 'PLAN_TOO_MANY_INSTANCES',
      vars: { n: 6600, max: 5000, step: 'I01.4', stepN: 6600 },
    });
    expect(limit).toEqual({
      ...at,
      code: 'PLAN_TOO_MANY_INSTANCES',
      vars: { n: 6600, max: 5000, step: 'I01.4', stepN: 6600 },
      message: expect.stringContaining('quá giới hạn 5000 lượt cho một lần nạp; riêng nội dung I01.4 tạo 6600 lượt'),
    });
    const other = { ...at, message: 'vai trò finance_oficer không có trong roles', code: 'UNKNOWN_ROLE' };
    expect(worded(other)).toBe(other);
  });
});
