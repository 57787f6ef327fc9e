import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { WebModule } from '../web/web.module.js';
import { AppSignInController, MeController } from './me.controller.js';
import { MeService } from './me.service.js';

/** What the web app asks first: who is signed in, their menu and counters, their work (/api/v1/me), and sign-in. */
@Module({
  imports: [AuthModule, WebModule],
  controllers: [MeController, AppSignInController],
  providers: [MeService],
})
export class MeModule {}
