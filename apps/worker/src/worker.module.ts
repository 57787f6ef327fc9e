import { Module } from '@nestjs/common';
import { APP_CONFIG, ConfigModule, type AppConfig } from '#libs/config/src/index.js';
import { DatabaseModule } from '#libs/database/src/index.js';
import { MailModule } from '#libs/mail/src/index.js';
import { DigestMailComposer } from './digests/digest-mail.composer.js';
import { DigestsService } from './digests/digests.service.js';
import { MailDeliveryService } from './mail/mail-delivery.service.js';
import { UndeliverableNoticePolicy } from './mail/undeliverable-notice.js';
import { ActionLinkMinter } from './steps/action-links.js';
import { PlanRunSlicesService } from './steps/plan-run-slices.service.js';
import { StepMailComposer } from './steps/step-mail.composer.js';
import { StepTransitionsService } from './steps/step-transitions.service.js';
import { systemClock, WALL_CLOCK } from './wall-clock.js';
import { WorkerRunner } from './worker.runner.js';

/** The worker: the same configuration, database and mail modules as the api, and the services its activities call. */
@Module({
  imports: [ConfigModule, DatabaseModule.forRoot('dondoc-worker'), MailModule],
  providers: [
    { provide: WALL_CLOCK, useValue: systemClock },
    {
      provide: StepMailComposer,
      useFactory: (c: AppConfig) => new StepMailComposer(c.baseUrl, ActionLinkMinter.withProcessSecret(c.baseUrl, c.secret)),
      inject: [APP_CONFIG],
    },
    { provide: DigestMailComposer, useFactory: (c: AppConfig) => new DigestMailComposer(c.baseUrl), inject: [APP_CONFIG] },
    UndeliverableNoticePolicy,
    StepTransitionsService,
    MailDeliveryService,
    PlanRunSlicesService,
    DigestsService,
    WorkerRunner,
  ],
})
export class WorkerModule {}
