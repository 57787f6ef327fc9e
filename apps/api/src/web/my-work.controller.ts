import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { SignedInUser } from '../../../../libs/database/src/index.js';
import { authOf, type RequestAuth } from '../auth/session.js';
import { DashboardService } from './dashboard.service.js';
import { MyWorkService } from './my-work.service.js';
import { toSignIn } from './nav.js';
import { approvalsPage, monitoringPage, myWorkPage } from './staff-pages.js';

/** The signed-in staff's pages: my open steps, my approval queue, the plans I monitor. Without a session: sign in first. */
@ApiExcludeController()
@Controller()
export class MyWorkController {
  constructor(
    @Inject(MyWorkService) private readonly work: MyWorkService,
    @Inject(DashboardService) private readonly dashboards: DashboardService,
  ) {}

  private async render(req: Request, res: Response, here: string, build: (auth: RequestAuth, user: SignedInUser) => Promise<string>) {
    const auth = authOf(req);
    if (!auth.user) return toSignIn(res, here);
    const body = await build(auth, auth.user);
    res.status(200).setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  }

  @Get('viec-cua-toi')
  myWork(@Req() req: Request, @Res() res: Response) {
    return this.render(req, res, '/viec-cua-toi', async (auth, user) => myWorkPage(auth, await this.work.myWork(user)));
  }

  @Get('phe-duyet')
  approvals(@Req() req: Request, @Res() res: Response) {
    return this.render(req, res, '/phe-duyet', async (auth, user) => approvalsPage(auth, await this.work.approvals(user)));
  }

  @Get('giam-sat')
  monitoring(@Req() req: Request, @Res() res: Response) {
    return this.render(req, res, '/giam-sat', async (auth, user) => monitoringPage(auth, await this.dashboards.monitored(user)));
  }
}
