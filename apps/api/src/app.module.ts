import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, loadAppConfig, type AppConfig } from '../../../libs/config/src/index.js';
import { openAppDataSource, RunningPlans } from '../../../libs/database/src/index.js';
import { MailTransport } from '../../../libs/mail/src/index.js';
import { AssessmentsController } from './assessments/assessments.controller.js';
import { AssessmentsService } from './assessments/assessments.service.js';
import { AssessmentPagesController } from './web/assessment-pages.controller.js';
import { CasesController } from './cases/cases.controller.js';
import { CasesService } from './cases/cases.service.js';
import { HealthController } from './health/health.controller.js';
import { MailboxController } from './mailbox/mailbox.controller.js';
import { ViewsController } from './web/views.controller.js';
import { AdminController } from './admin/admin.controller.js';
import { AdminService } from './admin/admin.service.js';
import { MonitoringController } from './monitoring/monitoring.controller.js';
import { MonitoringService } from './monitoring/monitoring.service.js';
import { PlanDashboardService } from './plans/plan-dashboard.service.js';
import { PlanRunsService } from './plans/plan-runs.service.js';
import { PlansController } from './plans/plans.controller.js';
import { PlansService } from './plans/plans.service.js';
import { EvidenceController, EvidenceUploadGate } from './steps/evidence.controller.js';
import { StepsController } from './steps/steps.controller.js';
import { StepsService } from './steps/steps.service.js';
import { WebController } from './web/web.controller.js';
import { DashboardService } from './web/dashboard.service.js';
import { MyWorkController } from './web/my-work.controller.js';
import { MyWorkService } from './web/my-work.service.js';
import { PlanImportController, PlanImportGate } from './web/plan-import.controller.js';
import { PlanStartController, PlanStartGate } from './web/plan-start.controller.js';
import { PlanStartService } from './web/plan-start.service.js';
import { AccessGuard } from './auth/access.guard.js';
import { AccessService } from './auth/access.service.js';
import { ActionLinksController } from './auth/action-links.controller.js';
import { ActionLinksService } from './auth/action-links.service.js';
import { ActorRolesService } from './auth/actor-roles.service.js';
import { SessionMiddleware } from './auth/session.middleware.js';
import { SignInController } from './auth/sign-in.controller.js';
import { SignInService } from './auth/sign-in.service.js';
import { InputGuard } from './common/input.guard.js';
import { RateLimitMiddleware } from './common/rate-limit.js';
import { AppSignInController, MeController } from './me/me.controller.js';
import { MeService } from './me/me.service.js';
import { ReportsController } from './reports/reports.controller.js';
import { ReportsService } from './reports/reports.service.js';
import { DraftUploadGate, NextYearDraftController, PlanDraftsController } from './drafts/plan-drafts.controller.js';
import { PlanDraftsService } from './drafts/plan-drafts.service.js';

@Module({
  controllers: [HealthController, CasesController, PlansController, MonitoringController, AdminController, StepsController, EvidenceController, MailboxController, ViewsController, WebController, SignInController, ActionLinksController,
    ReportsController, MyWorkController, PlanStartController, AssessmentsController, AssessmentPagesController, PlanImportController,
    MeController, AppSignInController, PlanDraftsController, NextYearDraftController],
  providers: [
    { provide: APP_CONFIG, useFactory: () => loadAppConfig() },
    { provide: DataSource, useFactory: (c: AppConfig) => openAppDataSource(c, 'dondoc-api'), inject: [APP_CONFIG] },
    // Lazy: the API starts while Temporal is down and /health says so.
    { provide: Client, useFactory: (c: AppConfig) => new Client({ connection: Connection.lazy({ address: c.temporal.address }), namespace: c.temporal.namespace }), inject: [APP_CONFIG] },
    { provide: MailTransport, useFactory: (c: AppConfig) => new MailTransport(c.smtp.url, c.smtp.from), inject: [APP_CONFIG] },
    // Plans whose run has started, read once per process (they do not change).
    { provide: RunningPlans, useFactory: (ds: DataSource) => new RunningPlans(ds), inject: [DataSource] },
    PlansService,
    PlanRunsService,
    PlanDashboardService,
    MonitoringService,
    AdminService,
    StepsService,
    CasesService,
    AssessmentsService,
    ActorRolesService,
    SignInService,
    ActionLinksService,
    SessionMiddleware,
    ReportsService,
    MyWorkService,
    MeService,
    DashboardService,
    PlanStartService,
    PlanDraftsService,
    AccessService,
    // Who may upload, decided before the body is read (common/gated-upload.ts).
    EvidenceUploadGate,
    PlanStartGate,
    PlanImportGate,
    DraftUploadGate,
    // NUL characters and deep nesting in any input refused first (common/input.guard.ts): the next guard reads the database.
    { provide: APP_GUARD, useClass: InputGuard },
    // Authorization on every route of /api/v1 (auth/api-routes.ts): 401 without a principal, 403 with a reason.
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
})
export class AppModule implements NestModule {
  /** Every request learns who is signed in (session cookie) before it reaches a controller. */
  configure(consumer: MiddlewareConsumer) {
    // A client (by IP address) gets APP_RATE_LIMIT_PER_MIN requests a minute to the JSON and export API; refused
    // before anything else is looked up.
    consumer.apply(RateLimitMiddleware).forRoutes('api/v1/{*path}');
    consumer.apply(SessionMiddleware).forRoutes('{*path}');
  }
}
