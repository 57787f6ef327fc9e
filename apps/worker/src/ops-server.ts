import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, type Registry } from 'prom-client';
import { workerRegistry } from './metrics.js';

/**
 * The worker's small HTTP port (APP_WORKER_PORT; none unless set): /health/live (the process answers), /health/ready
 * (the Temporal worker is polling: 503 before it runs and while it drains), /metrics (Node's process metrics and the
 * Temporal SDK's own — the Core runtime serves those on a loopback port of its own, read through and appended here).
 */
export class WorkerOpsServer {
  /** The worker's metrics (notice lag) with Node's process metrics. */
  readonly registry: Registry = workerRegistry;
  private server?: Server;

  constructor(
    private readonly state: () => string,
    private readonly sdkMetricsAddress?: string,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'dondoc_worker_' });
  }

  async listen(port: number, host: string): Promise<number> {
    this.server = createServer((req, res) => {
      void this.answer(req.url ?? '/').then(
        ({ status, type, body }) => res.writeHead(status, { 'content-type': type }).end(body),
        (err) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err)),
      );
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  private async answer(url: string): Promise<{ status: number; type: string; body: string }> {
    const path = url.split('?')[0];
    const json = (status: number, body: unknown) => ({ status, type: 'application/json', body: JSON.stringify(body) });
    if (path === '/health/live') return json(200, { status: 'live' });
    if (path === '/health/ready') {
      const state = this.state();
      return json(state === 'RUNNING' ? 200 : 503, { status: state === 'RUNNING' ? 'ready' : 'not ready', worker: state });
    }
    if (path === '/metrics') {
      let sdk = '';
      if (this.sdkMetricsAddress) {
        try {
          sdk = await (await fetch(`http://${this.sdkMetricsAddress}/metrics`, { signal: AbortSignal.timeout(2000) })).text();
        } catch {
          sdk = '# the Temporal SDK metrics did not answer\n';
        }
      }
      return { status: 200, type: this.registry.contentType, body: `${await this.registry.metrics()}\n${sdk}` };
    }
    return json(404, { message: 'Không có trang này: /health/live, /health/ready, /metrics.' });
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((r) => this.server!.close(r));
  }
}

/** A TCP port free on loopback now (for the SDK's metrics exporter, which binds it itself). */
export const freeLoopbackPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
