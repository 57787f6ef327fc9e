import { describe, expect, it } from '@jest/globals';
import { PlanRepository, StaffRepository, StepRepository } from '#libs/database/src/index.js';
import { planFactory } from '../../../../test/factories/plan.factory.js';
import { fake, planRowFactory, stepRowFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { ReportsService } from './reports.service.js';

const spec = planFactory({ id: 'TEST-REPORTS' });
const reports = () =>
  unitUnderTest(ReportsService, [
    [PlanRepository, fake<PlanRepository>({ find: async (id: string) => (id === spec.id ? planRowFactory(spec) : undefined) })],
    [StepRepository, fake<StepRepository>({ list: async () => [stepRowFactory({ planId: spec.id, title: 'Rà soát trẻ em' })] })],
    [StaffRepository, fake<StaffRepository>({ holderAt: async () => ({ displayName: 'Nguyễn Văn Ký' }) })],
  ]);

describe('ReportsService', () => {
  it('exports the steps table as CSV with a BOM, named for the plan and today', async () => {
    const f = await (await reports()).stepsCsv(spec.id);
    expect(f.filename).toMatch(/^cac-noi-dung-TEST-REPORTS-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = f.body.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('Rà soát trẻ em');
  });

  it('refuses a period that ends before it starts, on the field "to"', async () => {
    await expect((await reports()).resultReport(spec.id, { from: '2023-06-01', to: '2023-05-01' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { to: expect.stringContaining('không được trước ngày bắt đầu') },
    });
  });

  it('names the result report for the plan and the end of its period', async () => {
    const f = await (await reports()).resultReport(spec.id, { from: '2023-04-01', to: '2023-06-30' });
    expect(f.filename).toBe('bao-cao-ket-qua-TEST-REPORTS-2023-06-30.docx');
    expect(f.body.subarray(0, 2).toString()).toBe('PK');
  });

  it('answers an unknown plan with PLAN_NOT_FOUND', async () => {
    await expect((await reports()).stepsXlsx('NOPE')).rejects.toMatchObject({ code: 'PLAN_NOT_FOUND' });
  });
});
