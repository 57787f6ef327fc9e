import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';

/** /health: PostgreSQL, Temporal, SMTP and the outbox backlog. */
@Module({ controllers: [HealthController] })
export class HealthModule {}
