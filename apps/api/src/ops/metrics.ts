import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

/**
 * The api's Prometheus metrics (GET /metrics): HTTP request rates and latencies by route pattern (never the raw path,
 * so the label set stays bounded), the mail outbox backlog read at each scrape, and Node's process metrics.
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'dondoc_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'dondoc_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer being sent, by method and route pattern',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({
    name: 'dondoc_http_requests_in_flight',
    help: 'HTTP requests being handled now',
    registers: [this.registry],
  });

  constructor(@Inject(DataSource) ds: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'dondoc_api_' });
    const read = async () => {
      const [r] = await ds.query<{ pending: number; failed: number; oldest: number }[]>(
        `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'failed')::int AS failed,
                coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')), 0)::float AS oldest
           FROM mail_outbox WHERE status <> 'sent'`,
      );
      return r;
    };
    // One query per scrape for both gauges (prom-client calls each gauge's collect in turn).
    let last: Promise<{ pending: number; failed: number; oldest: number }> | undefined;
    let lastAt = 0;
    const cached = () => {
      if (!last || Date.now() - lastAt > 1000) {
        lastAt = Date.now();
        last = read();
      }
      return last;
    };
    new Gauge({
      name: 'dondoc_mail_outbox_backlog',
      help: 'Mails of the outbox not sent yet, by status (pending: retried until sent; failed: refused for good)',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const r = await cached();
        this.set({ status: 'pending' }, r.pending);
        this.set({ status: 'failed' }, r.failed);
      },
    });
    new Gauge({
      name: 'dondoc_mail_outbox_oldest_pending_seconds',
      help: 'How long the oldest pending mail has waited (0: none pending)',
      registers: [this.registry],
      async collect() {
        this.set((await cached()).oldest);
      },
    });
  }

  /** The route pattern Express matched (e.g. /api/v1/plans/:planId/status), or `unmatched`. */
  static routeOf(req: Request): string {
    const route = (req as unknown as { route?: { path?: unknown } }).route?.path;
    return typeof route === 'string' ? `${req.baseUrl ?? ''}${route}` : 'unmatched';
  }
}

/** Counts and times every request (registered for every route in AppModule). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(@Inject(ApiMetrics) private readonly metrics: ApiMetrics) {}

  use(req: Request, res: Response, next: NextFunction) {
    const stop = this.metrics.latency.startTimer();
    this.metrics.inFlight.inc();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.metrics.inFlight.dec();
      const route = ApiMetrics.routeOf(req);
      stop({ method: req.method, route });
      this.metrics.requests.inc({ method: req.method, route, status: String(res.statusCode) });
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  }
}
