import { Controller, Get, Inject, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiV1Errors, schemaRef } from '../common/openapi.js';
import { MonitoringService } from './monitoring.service.js';

/** Giám sát: the monitoring body's view over the communes' plans it watches, and its export. */
@ApiTags('monitoring')
@ApiV1Errors()
@Controller('api/v1')
export class MonitoringController {
  constructor(@Inject(MonitoringService) private readonly monitoring: MonitoringService) {}

  @Get('monitoring')
  @ApiOperation({
    summary:
      'Giám sát: the plans the caller watches as monitoring body, with progress; the overdue steps across them; figures per commune and village',
    description:
      "The plans are those the caller may read and watches from outside the commune (a district or province role valid on the plan's date; an API token: every plan it reads). A commune's own staff get an empty answer. Overdue steps by name (commune, village, assignee with holders), most overdue first, at most 2000 (`overdueTotal` counts them all).",
  })
  @ApiOkResponse({ description: 'The monitoring overview', schema: schemaRef('Monitoring') })
  overview(@Req() req: Request) {
    return this.monitoring.overview(req);
  }

  @Get('monitoring.csv')
  @ApiOperation({ summary: 'The overdue steps of GET /api/v1/monitoring as CSV (UTF-8 with BOM; Vietnamese headers; dates dd/mm/yyyy)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One overdue step per line, most overdue first', schema: { type: 'string', format: 'binary' } })
  async csv(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const f = await this.monitoring.overdueCsv(req);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(f.body, {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${f.filename}"`,
      length: f.body.length,
    });
  }
}
