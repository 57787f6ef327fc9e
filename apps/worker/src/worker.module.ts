import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, loadAppConfig, type AppConfig } from '../../../libs/config/src/index.js';
import { auditKeyFrom, openAppDataSource } from '../../../libs/database/src/index.js';
import { MailTransport } from '../../../libs/mail/src/index.js';
import { DigestMailComposer } from './digests/digest-mail.composer.js';
import { DigestsService } from './digests/digests.service.js';
import { MailDeliveryService } from './mail/mail-delivery.service.js';
import { PlanRunSlicesService } from './steps/plan-run-slices.service.js';
import { ActionLinkMinter } from './steps/action-links.js';
import { StepMailComposer } from './steps/step-mail.composer.js';
import { StepTransitionsService } from './steps/step-transitions.service.js';
import { WorkerRunner } from './worker.runner.js';

@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: () => loadAppConfig() },
    { provide: DataSource, useFactory: (c: AppConfig) => openAppDataSource(c, 'dondoc-worker'), inject: [APP_CONFIG] },
    { provide: MailTransport, useFactory: (c: AppConfig) => new MailTransport(c.smtp.url, c.smtp.from), inject: [APP_CONFIG] },
    { provide: StepTransitionsService, useFactory: (ds: DataSource, c: AppConfig) => new StepTransitionsService(ds, new StepMailComposer(c.baseUrl, ActionLinkMinter.withProcessSecret(c.baseUrl, c.secret)), undefined, auditKeyFrom(c.secret)), inject: [DataSource, APP_CONFIG] },
    { provide: MailDeliveryService, useFactory: (ds: DataSource, t: MailTransport) => new MailDeliveryService(ds, t), inject: [DataSource, MailTransport] },
    { provide: PlanRunSlicesService, useFactory: (ds: DataSource) => new PlanRunSlicesService(ds), inject: [DataSource] },
    { provide: DigestsService, useFactory: (ds: DataSource, c: AppConfig) => new DigestsService(ds, new DigestMailComposer(c.baseUrl)), inject: [DataSource, APP_CONFIG] },
    WorkerRunner,
  ],
})
export class WorkerModule {}
