import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DefaultLogger, NativeConnection, Runtime, Worker, type RuntimeOptions } from '@temporalio/worker';
import { jsonLogLine } from '#libs/ops/src/json-log.js';
import { DataSource } from 'typeorm';
import { APP_CONFIG, loadOpsConfig, type AppConfig } from '#libs/config/src/index.js';
import { MailTransport } from '#libs/mail/src/index.js';
import { createActivities } from './activities/index.js';
import { DigestsService } from './digests/digests.service.js';
import { MailDeliveryService } from './mail/mail-delivery.service.js';
import { PlanRunSlicesService } from './steps/plan-run-slices.service.js';
import { StepTransitionsService } from './steps/step-transitions.service.js';
import { freeLoopbackPort, WorkerOpsServer } from './ops-server.js';
import { workflowSource } from './workflow-source.js';
import { ensureSearchAttributes } from '#libs/temporal/src/search-attributes.js';

@Injectable()
export class WorkerRunner implements OnApplicationShutdown {
  private readonly log = new Logger('Worker');
  private worker?: Worker;
  private connection?: NativeConnection;
  private ops?: WorkerOpsServer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(StepTransitionsService) private readonly transitions: StepTransitionsService,
    @Inject(MailDeliveryService) private readonly mail: MailDeliveryService,
    @Inject(PlanRunSlicesService) private readonly slices: PlanRunSlicesService,
    @Inject(DigestsService) private readonly digests: DigestsService,
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(MailTransport) private readonly transport: MailTransport,
  ) {}

  /** Polls the task queue until shutdown. */
  async run(): Promise<void> {
    const { address, namespace, taskQueue } = this.config.temporal;
    const ops = loadOpsConfig();
    // The SDK's runtime (its logger, its metrics exporter) is set once per process, before the first connection.
    const runtime: RuntimeOptions = {};
    if (ops.logFormat === 'json') {
      // The SDK's lines (workflow and activity logs, with their workflow id and the plan and step ids the step
      // workflows log with) as JSON, like the rest of the worker's.
      runtime.logger = new DefaultLogger('INFO', (e) =>
        process.stdout.write(`${jsonLogLine(e.level, e.message, e.meta ?? {}, new Date(Number(e.timestampNanos / 1_000_000n)))}\n`),
      );
    }
    const sdkMetrics = ops.workerPort !== undefined ? `127.0.0.1:${await freeLoopbackPort()}` : undefined;
    runtime.telemetryOptions = {
      ...(sdkMetrics ? { metrics: { prometheus: { bindAddress: sdkMetrics } } } : {}),
      // The SDK core's own warnings through the same JSON logger, not as coloured text.
      ...(runtime.logger ? { logging: { filter: 'WARN', forward: {} } } : {}),
    };
    if (runtime.logger || sdkMetrics) Runtime.install(runtime);
    if (ops.workerPort !== undefined) {
      this.ops = new WorkerOpsServer(() => this.worker?.getState() ?? 'INITIALIZED', sdkMetrics);
      const port = await this.ops.listen(ops.workerPort, this.config.host);
      this.log.log(`probes and metrics on ${this.config.host}:${port} (/health/live, /health/ready, /metrics)`);
    }
    this.connection = await NativeConnection.connect({ address });
    // The search attributes the workflows set, on a server dondoc did not provision (idempotent; the dev server and
    // the cluster register them as they start). A workflow that set an unknown one would fail its task.
    try {
      const added = await ensureSearchAttributes(this.connection.operatorService, namespace);
      if (added.length) this.log.log(`registered the search attributes ${added.join(', ')} on namespace ${namespace}`);
    } catch (err) {
      // A server that does not let workers register them (Temporal Cloud, a restricted operator API): the operator does.
      this.log.warn(
        `could not check or register the search attributes on namespace ${namespace} (${String(err)}); register them as docs/operations.md says`,
      );
    }
    this.worker = await Worker.create({
      connection: this.connection,
      namespace,
      taskQueue,
      ...workflowSource(),
      activities: createActivities({ transitions: this.transitions, mail: this.mail, slices: this.slices, digests: this.digests }),
      // On SIGTERM the worker stops polling and lets its activities in flight finish (a mail being sent) for this long.
      shutdownGraceTime: ops.shutdownTimeoutMs,
    });
    this.log.log(`polling ${taskQueue} on ${address} (namespace ${namespace})`);
    await this.worker.run();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
  }

  async close(): Promise<void> {
    await this.ops?.close();
    await this.connection?.close();
    this.transport.close();
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
