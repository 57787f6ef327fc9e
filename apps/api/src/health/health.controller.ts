import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { MailTransport } from '../../../../libs/mail/src/index.js';
import { temporalHealthy } from '../../../../libs/temporal/src/connection.js';

type Check = { ok: boolean; error?: string };
const timed = async (p: Promise<unknown>, ms = 3000): Promise<Check> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    const r = await Promise.race([p, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]);
    return r === false ? { ok: false, error: 'not serving' } : { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
};

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Client) private readonly temporal: Client,
    @Inject(MailTransport) private readonly mail: MailTransport,
  ) {}

  @Get()
  @ApiOperation({ summary: 'State of postgres, temporal and smtp; 503 when one is down' })
  async check(@Res() res: Response) {
    const [postgres, temporal, smtp] = await Promise.all([
      timed(this.ds.query('SELECT 1')),
      timed(temporalHealthy(this.temporal.connection as never)),
      timed(this.mail.verify()),
    ]);
    const ok = postgres.ok && temporal.ok && smtp.ok;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', postgres, temporal, smtp });
  }
}
