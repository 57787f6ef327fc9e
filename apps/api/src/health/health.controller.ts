import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiOkResponse, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { MailTransport } from '#libs/mail/src/index.js';
import { temporalHealthy } from '#libs/temporal/src/connection.js';
import { schemaRef } from '../common/openapi.js';

type Check = { ok: boolean; error?: string };
const timed = async (p: Promise<unknown>, ms = 3000): Promise<Check> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    const r = await Promise.race([
      p,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))),
    ]);
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
  private readonly log = new Logger('Health');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Client) private readonly temporal: Client,
    @Inject(MailTransport) private readonly mail: MailTransport,
  ) {}

  @Get()
  @ApiOperation({ summary: 'State of postgres, temporal and smtp (503 when one is down) and the mail outbox backlog' })
  @ApiOkResponse({ description: 'Everything is up', schema: schemaRef('Health') })
  @ApiServiceUnavailableResponse({
    description: 'One of postgres, temporal, smtp is down (its `error` says why)',
    schema: schemaRef('Health'),
  })
  async check(@Res() res: Response) {
    const [postgres, temporal, smtp] = await Promise.all([
      timed(this.ds.query('SELECT 1')),
      timed(temporalHealthy(this.temporal.connection as never)),
      timed(this.mail.verify()),
    ]);
    const ok = postgres.ok && temporal.ok && smtp.ok;
    const outbox = postgres.ok ? await this.outbox() : null;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', postgres, temporal, smtp, outbox });
  }

  /**
   * The mail backlog, for whoever watches the office's mail: how many wait to be sent (a transient SMTP failure is
   * retried until it goes), how many the server refused for good, and since when the oldest has waited. It does not
   * change the status: a backlog with SMTP up drains by itself, and SMTP down already says degraded.
   */
  private async outbox(): Promise<{ pending: number; failed: number; oldestPendingSince: string | null } | null> {
    try {
      const [r] = await this.ds.query<{ pending: number; failed: number; oldest: Date | null }[]>(
        `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'failed')::int AS failed,
                min(created_at) FILTER (WHERE status = 'pending') AS oldest
           FROM mail_outbox WHERE status <> 'sent'`,
      );
      return { pending: r.pending, failed: r.failed, oldestPendingSince: r.oldest ? new Date(r.oldest).toISOString() : null };
    } catch (err) {
      this.log.warn(`the outbox backlog could not be read: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }
}
