import { Inject, Injectable } from '@nestjs/common';
import { PlanRepository, StaffRepository, StepRepository, type PlanRow } from '#libs/database/src/index.js';
import {
  DomainError,
  endOfLocalDay,
  localDateOf,
  planCalendarYears,
  planTimeAt,
  realTimeAt,
  WorkingCalendar,
} from '#libs/domain/src/index.js';
import { buildResultReport } from './result-report.js';
import { renderResultReportDocx } from './result-report.docx.js';
import { standingNow, stepTable, stepTableCsv, stepTableXlsx } from './step-table.js';
import { fieldMessage, invalidFields } from '../common/field-messages.js';

export interface ReportFile {
  filename: string;
  body: Buffer;
}

/** The official result report and the exports of the steps table; reads only through repositories. */
@Injectable()
export class ReportsService {
  constructor(
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(StepRepository) private readonly steps: StepRepository,
    @Inject(StaffRepository) private readonly staff: StaffRepository,
  ) {}

  /**
   * Who signs: the person who held the signer's role at the instant the report stands at (mapped from plan time to
   * real time by the run's clock; a role handed over mid-year signs with the holder of that date).
   */
  private async signerName(plan: PlanRow, asOf: Date): Promise<string | undefined> {
    const role = plan.spec.signer?.role ?? plan.spec.policies.approval.approver;
    const real = plan.clock ? realTimeAt(plan.clock, asOf) : asOf;
    const at = real.getTime() > Date.now() ? new Date() : real;
    return (await this.staff.holderAt(plan.id, role, null, at))?.displayName;
  }

  private async plan(planId: string): Promise<{ plan: PlanRow; cal: WorkingCalendar; planNow: Date }> {
    const plan = await this.plans.find(planId);
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan ${planId}`);
    const planNow = plan.clock ? planTimeAt(plan.clock, new Date()) : new Date();
    return { plan, cal: WorkingCalendar.vietnam(planCalendarYears(plan.spec)), planNow };
  }

  /**
   * "Báo cáo kết quả thực hiện Kế hoạch" for a period, by default from the run's start to today in plan time; results
   * stand at the end of `to` (24:00 not included: a step due that day is still in time), or at plan now while that is ahead.
   */
  async resultReport(planId: string, q: { from?: string; to?: string }): Promise<ReportFile> {
    const { plan, cal, planNow } = await this.plan(planId);
    const today = localDateOf(planNow);
    const runStart = plan.clock ? localDateOf(new Date(plan.clock.planEpoch)) : (plan.spec.issuedOn ?? plan.spec.rehearsalStart);
    const to = q.to ?? today;
    const from = q.from ?? (runStart < to ? runStart : to);
    if (from > to)
      throw invalidFields(
        { to: fieldMessage('to', `không được trước ngày bắt đầu (from = ${from})`) },
        `to must not be before from (${from})`,
      );
    const lastInstant = new Date(endOfLocalDay(to).getTime() - 1);
    const asOf = lastInstant < planNow ? lastInstant : planNow;
    const model = buildResultReport({
      plan,
      steps: await this.steps.list(planId),
      period: { from, to },
      asOf,
      cal,
      signerName: await this.signerName(plan, asOf),
    });
    return { filename: `bao-cao-ket-qua-${planId}-${to}.docx`, body: await renderResultReportDocx(model) };
  }

  private async currentTable(planId: string) {
    const { plan, cal, planNow } = await this.plan(planId);
    return {
      plan,
      rows: stepTable(plan.spec, await this.steps.list(planId), (s) => standingNow(s, planNow, cal)),
      today: localDateOf(planNow),
    };
  }

  /** The steps table as the status shows it now, as CSV (UTF-8 with BOM). */
  async stepsCsv(planId: string): Promise<ReportFile> {
    const { rows, today } = await this.currentTable(planId);
    return { filename: `cac-noi-dung-${planId}-${today}.csv`, body: Buffer.from(stepTableCsv(rows), 'utf8') };
  }

  /** The same table as an Excel workbook. */
  async stepsXlsx(planId: string): Promise<ReportFile> {
    const { plan, rows, today } = await this.currentTable(planId);
    return { filename: `cac-noi-dung-${planId}-${today}.xlsx`, body: await stepTableXlsx(rows, plan.title) };
  }
}
