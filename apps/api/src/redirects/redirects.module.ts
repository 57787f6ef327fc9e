import { Module } from '@nestjs/common';
import { OldPagesController } from './old-pages.controller.js';

/** The addresses of server pages the web app replaced, sent to the app (old-pages.controller.ts). */
@Module({ controllers: [OldPagesController] })
export class RedirectsModule {}
