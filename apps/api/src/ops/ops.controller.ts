import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type { OpsConfig } from '#libs/config/src/index.js';
import { temporalHealthy } from '#libs/temporal/src/connection.js';
import { isLocalClient } from '../common/local-client.js';
import { Draining, OPS_CONFIG } from './draining.js';
import { ApiMetrics } from './metrics.js';

const within = async (p: Promise<unknown>, ms = 2000): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    const r = await Promise.race([p, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]);
    return r !== false;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Probes and metrics for the platform that runs the api (deploy/k8s): liveness says the process serves HTTP;
 * readiness that it may take requests (PostgreSQL and Temporal answer, and it is not shutting down); /metrics the
 * Prometheus metrics, to this machine, or to a scraper with APP_METRICS_TOKEN.
 */
@ApiExcludeController()
@Controller()
export class OpsController {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Client) private readonly temporal: Client,
    @Inject(ApiMetrics) private readonly metrics: ApiMetrics,
    @Inject(Draining) private readonly draining: Draining,
    @Inject(OPS_CONFIG) private readonly ops: OpsConfig,
  ) {}

  @Get('health/live')
  live(@Res() res: Response) {
    res.status(200).json({ status: 'live' });
  }

  @Get('health/ready')
  async ready(@Res() res: Response) {
    if (this.draining.draining) {
      res.status(503).json({ status: 'stopping', postgres: null, temporal: null });
      return;
    }
    const [postgres, temporal] = await Promise.all([
      within(this.ds.query('SELECT 1')),
      within(temporalHealthy(this.temporal.connection as never)),
    ]);
    res.status(postgres && temporal ? 200 : 503).json({ status: postgres && temporal ? 'ready' : 'not ready', postgres, temporal });
  }

  @Get('metrics')
  async scrape(@Req() req: Request, @Res() res: Response) {
    const token = this.ops.metricsToken;
    const sent = Buffer.from(req.headers.authorization ?? '');
    const expected = Buffer.from(`Bearer ${token ?? ''}`);
    const allowed = isLocalClient(req) || (!!token && sent.length === expected.length && timingSafeEqual(sent, expected));
    if (!allowed) {
      res.status(403).json({ message: 'Chỉ máy chủ này, hoặc trình thu thập có mã APP_METRICS_TOKEN, được đọc /metrics.' });
      return;
    }
    res
      .status(200)
      .type(this.metrics.registry.contentType)
      .send(await this.metrics.registry.metrics());
  }
}
