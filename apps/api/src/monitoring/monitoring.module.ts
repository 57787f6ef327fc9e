import { Module } from '@nestjs/common';
import { PlansModule } from '../plans/plans.module.js';
import { MonitoringController } from './monitoring.controller.js';
import { MonitoringService } from './monitoring.service.js';

/** Giám sát: the monitoring body's view across its communes' plans (/api/v1/monitoring). */
@Module({
  imports: [PlansModule],
  controllers: [MonitoringController],
  providers: [MonitoringService],
})
export class MonitoringModule {}
