import { Module } from '@nestjs/common';
import { StaffPagesRedirectController } from './staff-pages-redirect.controller.js';

/**
 * What is left of the server-rendered staff pages: their old addresses lead to the web app
 * (staff-pages-redirect.controller.ts). The pages an e-mail link lands on are in auth/ and views/.
 */
@Module({ controllers: [StaffPagesRedirectController] })
export class WebModule {}
