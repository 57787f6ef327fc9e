import { Module } from '@nestjs/common';
import { AccessModule } from '../auth/access.module.js';
import { EvidenceController, EvidenceUploadGate } from './evidence.controller.js';
import { StepsController } from './steps.controller.js';
import { StepsService } from './steps.service.js';

/** Step actions (submit, approve, return, extend, reassign, cancel) and their evidence files. */
@Module({
  imports: [AccessModule],
  controllers: [StepsController, EvidenceController],
  // Who may upload, decided before the body is read (common/gated-upload.ts).
  providers: [StepsService, EvidenceUploadGate],
  exports: [StepsService],
})
export class StepsModule {}
