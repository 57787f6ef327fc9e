import { Module } from '@nestjs/common';
import { StepsModule } from '../steps/steps.module.js';
import { AccessModule } from './access.module.js';
import { ActionLinksController } from './action-links.controller.js';
import { ActionLinksService } from './action-links.service.js';
import { SessionMiddleware } from './session.middleware.js';
import { SignInController } from './sign-in.controller.js';
import { SignInService } from './sign-in.service.js';

/** Sign-in by mailed link, sessions, and the single-use action links of the mails. */
@Module({
  imports: [AccessModule, StepsModule],
  controllers: [SignInController, ActionLinksController],
  providers: [SignInService, ActionLinksService, SessionMiddleware],
  exports: [SessionMiddleware, SignInService],
})
export class AuthModule {}
