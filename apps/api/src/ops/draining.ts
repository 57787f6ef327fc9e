import type { Server } from 'node:http';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { loadOpsConfig, type OpsConfig } from '#libs/config/src/index.js';

export const OPS_CONFIG = 'OPS_CONFIG';
export const opsConfigProvider = { provide: OPS_CONFIG, useFactory: () => loadOpsConfig() };

/**
 * Graceful shutdown of the api (SIGTERM, Ctrl-C): /health/ready answers 503 at once (a load balancer stops sending
 * new requests); after APP_SHUTDOWN_DELAY_MS the server stops accepting connections and closes the idle ones, and the
 * requests in flight finish (up to APP_SHUTDOWN_TIMEOUT_MS), each connection closed once its request is answered,
 * before the database and Temporal connections close.
 */
@Injectable()
export class Draining implements BeforeApplicationShutdown {
  private readonly log = new Logger('Shutdown');
  draining = false;

  constructor(
    @Inject(HttpAdapterHost) private readonly adapter: HttpAdapterHost,
    @Inject(OPS_CONFIG) private readonly ops: OpsConfig,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    const server = this.adapter.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    this.log.log(`${signal ?? 'shutdown'}: not ready any more; serving the requests in flight`);
    if (this.ops.shutdownDelayMs) await new Promise((r) => setTimeout(r, this.ops.shutdownDelayMs));
    await new Promise<void>((resolve) => {
      // Keep-alive connections with no request in flight would hold close() open until their timeout: closed now, and
      // a connection whose request was in flight once that request is answered (checked every 100 ms).
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      const timer = setTimeout(() => {
        clearInterval(sweep);
        this.log.warn(`requests still open after ${this.ops.shutdownTimeoutMs} ms: closing them`);
        server.closeAllConnections();
        resolve();
      }, this.ops.shutdownTimeoutMs);
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(timer);
        resolve();
      });
      server.closeIdleConnections();
    });
    this.log.log('every request answered; closing');
  }
}
