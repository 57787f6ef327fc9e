import { Controller, Get, Inject, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ResultReportQueryDto } from './report-query.dto.js';
import { ReportsService, type ReportFile } from './reports.service.js';
import { ApiErrors, ApiV1Errors } from '../common/openapi.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV = 'text/csv; charset=utf-8';

const download = (res: Response, f: ReportFile, type: string) => {
  res.setHeader('Cache-Control', 'no-store');
  return new StreamableFile(f.body, {
    type,
    disposition: `attachment; filename="${f.filename.replace(/[^A-Za-z0-9._-]/g, '-')}"`,
    length: f.body.length,
  });
};
const binary = (description: string) => ApiOkResponse({ description, schema: { type: 'string', format: 'binary' } });

@ApiTags('reports')
@ApiV1Errors()
@ApiErrors({ 404: 'PLAN_NOT_FOUND' })
@Controller('api/v1/plans')
export class ReportsController {
  constructor(@Inject(ReportsService) private readonly reports: ReportsService) {}

  @Get(':planId/reports/ket-qua.docx')
  @ApiOperation({
    summary: '"Báo cáo kết quả thực hiện Kế hoạch" for a period, as DOCX in the form of Nghị định 30/2020/NĐ-CP',
    description:
      'Results per item with counts per status bucket, what is late and by how many working days, an appendix table of every step, the signature block and the recipients.',
  })
  @ApiProduces(DOCX)
  @binary('The report (attachment bao-cao-ket-qua-{planId}-{to}.docx)')
  @ApiErrors({ 422: 'VALIDATION_FAILED: from or to is not a date YYYY-MM-DD, or to is before from, or a query field it does not know' })
  async resultReport(@Param('planId') planId: string, @Query() q: ResultReportQueryDto, @Res({ passthrough: true }) res: Response) {
    return download(res, await this.reports.resultReport(planId, q), DOCX);
  }

  @Get(':planId/steps.csv')
  @ApiOperation({ summary: "The status's steps table as CSV (UTF-8 with BOM; Vietnamese headers; dates dd/mm/yyyy)" })
  @ApiProduces('text/csv')
  @binary('The steps, one per line')
  async stepsCsv(@Param('planId') planId: string, @Res({ passthrough: true }) res: Response) {
    return download(res, await this.reports.stepsCsv(planId), CSV);
  }

  @Get(':planId/steps.xlsx')
  @ApiOperation({ summary: "The status's steps table as an Excel workbook (Vietnamese headers; due dates shown dd/mm/yyyy)" })
  @ApiProduces(XLSX)
  @binary('The workbook')
  async stepsXlsx(@Param('planId') planId: string, @Res({ passthrough: true }) res: Response) {
    return download(res, await this.reports.stepsXlsx(planId), XLSX);
  }
}
