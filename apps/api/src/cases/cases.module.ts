import { Module } from '@nestjs/common';
import { AccessModule } from '../auth/access.module.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';

/** Reported child-abuse cases and their two steps. */
@Module({
  imports: [AccessModule],
  controllers: [CasesController],
  providers: [CasesService],
})
export class CasesModule {}
