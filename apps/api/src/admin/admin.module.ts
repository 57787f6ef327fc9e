import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller.js';
import { AdminService } from './admin.service.js';

/** Administration in the web app: API tokens and the people (/api/v1/admin). */
@Module({
  controllers: [AdminController],
  providers: [AdminService],
})
export class AdminModule {}
