import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { APP_CONFIG, loadOpsConfig, type AppConfig } from '../../../libs/config/src/index.js';
import { MailTransport } from '../../../libs/mail/src/index.js';
import { createActivities } from './activities/index.js';
import { DigestsService } from './digests/digests.service.js';
import { MailDeliveryService } from './mail/mail-delivery.service.js';
import { PlanRunSlicesService } from './steps/plan-run-slices.service.js';
import { StepTransitionsService } from './steps/step-transitions.service.js';
import { freeLoopbackPort, WorkerOpsServer } from './ops-server.js';
import { workflowSource } from './workflow-source.js';

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
    if (ops.workerPort !== undefined) {
      // The SDK's metrics exporter is set once per process, before the first connection.
      const sdkMetrics = `127.0.0.1:${await freeLoopbackPort()}`;
      Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: sdkMetrics } } } });
      this.ops = new WorkerOpsServer(() => this.worker?.getState() ?? 'INITIALIZED', sdkMetrics);
      const port = await this.ops.listen(ops.workerPort, this.config.host);
      this.log.log(`probes and metrics on ${this.config.host}:${port} (/health/live, /health/ready, /metrics)`);
    }
    this.connection = await NativeConnection.connect({ address });
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
