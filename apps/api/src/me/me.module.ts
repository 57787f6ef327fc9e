import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { AppSignInController, MeController } from './me.controller.js';
import { MeService } from './me.service.js';
import { MyWorkService } from './my-work.service.js';

/** What the web app asks first: who is signed in, their menu and counters, their work (/api/v1/me), and sign-in. */
@Module({
  imports: [AuthModule],
  controllers: [MeController, AppSignInController],
  providers: [MeService, MyWorkService],
})
export class MeModule {}
