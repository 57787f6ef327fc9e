import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConfigModule } from '#libs/config/src/index.js';
import { DatabaseModule } from '#libs/database/src/index.js';
import { MailModule } from '#libs/mail/src/index.js';
import { TemporalClientModule } from '#libs/temporal/src/index.js';
import { AdminModule } from './admin/admin.module.js';
import { AssessmentsModule } from './assessments/assessments.module.js';
import { ViewsController } from './web/views.controller.js';
import { AccessGuard } from './auth/access.guard.js';
import { AccessModule } from './auth/access.module.js';
import { AuthModule } from './auth/auth.module.js';
import { SessionMiddleware } from './auth/session.middleware.js';
import { CasesModule } from './cases/cases.module.js';
import { InputGuard } from './common/input.guard.js';
import { PlanDraftsModule } from './drafts/plan-drafts.module.js';
import { RateLimitMiddleware } from './common/rate-limit.js';
import { HealthModule } from './health/health.module.js';
import { MailboxModule } from './mailbox/mailbox.module.js';
import { MeModule } from './me/me.module.js';
import { MonitoringModule } from './monitoring/monitoring.module.js';
import { PlansModule } from './plans/plans.module.js';
import { RedirectsModule } from './redirects/redirects.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { StepsModule } from './steps/steps.module.js';
import { WebModule } from './web/web.module.js';
import { Draining, opsConfigProvider } from './ops/draining.js';
import { ApiMetrics, HttpMetricsMiddleware } from './ops/metrics.js';
import { OpsController } from './ops/ops.controller.js';

/**
 * The api: the shared modules (configuration, PostgreSQL and its repositories, mail transport, Temporal client), one
 * module per feature, and what every request passes through (rate limit, session, input guard, access guard).
 */
@Module({
  imports: [
    ConfigModule,
    DatabaseModule.forRoot('dondoc-api'),
    MailModule,
    TemporalClientModule,
    AccessModule,
    HealthModule,
    CasesModule,
    PlansModule,
    StepsModule,
    MailboxModule,
    WebModule,
    AuthModule,
    ReportsModule,
    AssessmentsModule,
    MonitoringModule,
    AdminModule,
    MeModule,
    PlanDraftsModule,
    RedirectsModule,
  ],
  // Operations (docs/operations.md): probes, Prometheus metrics, graceful shutdown.
  // OpsController: probes and metrics; ViewsController: the style sheet of the server pages that stay.
  controllers: [OpsController, ViewsController],
  providers: [
    opsConfigProvider,
    ApiMetrics,
    HttpMetricsMiddleware,
    Draining,
    // NUL characters and deep nesting in any input refused first (common/input.guard.ts): the next guard reads the database.
    { provide: APP_GUARD, useClass: InputGuard },
    // Authorization on every route of /api/v1 (auth/api-routes.ts): 401 without a principal, 403 with a reason.
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
})
export class AppModule implements NestModule {
  /** Every request learns who is signed in (session cookie) before it reaches a controller. */
  configure(consumer: MiddlewareConsumer) {
    // Every request counted and timed by its route pattern (/metrics).
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*path}');
    // A client (by IP address) gets APP_RATE_LIMIT_PER_MIN requests a minute to the JSON and export API; refused
    // before anything else is looked up.
    consumer.apply(RateLimitMiddleware).forRoutes('api/v1/{*path}');
    consumer.apply(SessionMiddleware).forRoutes('{*path}');
  }
}
