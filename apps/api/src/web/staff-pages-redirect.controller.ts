import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { appPaths } from '#libs/contracts/src/index.js';

/**
 * The old server-rendered staff pages are the web app's pages now (/app/…): their addresses, still in mails already
 * sent and in bookmarks, answer 302 to the app's page of the same thing. Nothing is read or checked here: the app asks
 * the API, which decides who may see what.
 */
@ApiExcludeController()
@Controller()
export class StaffPagesRedirectController {
  private static to(res: Response, path: string): void {
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, path);
  }

  @Get()
  home(@Res() res: Response) {
    StaffPagesRedirectController.to(res, appPaths.myWork());
  }

  @Get('viec-cua-toi')
  myWork(@Res() res: Response) {
    StaffPagesRedirectController.to(res, appPaths.myWork());
  }

  @Get('phe-duyet')
  approvals(@Res() res: Response) {
    StaffPagesRedirectController.to(res, appPaths.approvals());
  }

  @Get('giam-sat')
  monitoring(@Res() res: Response) {
    StaffPagesRedirectController.to(res, appPaths.monitoring());
  }

  @Get('plans/:planId')
  plan(@Param('planId') planId: string, @Res() res: Response) {
    StaffPagesRedirectController.to(res, appPaths.plan(planId));
  }

  @Get('plans/:planId/steps/:stepId')
  step(@Param('planId') planId: string, @Param('stepId') stepId: string, @Res() res: Response) {
    StaffPagesRedirectController.to(res, appPaths.step(planId, stepId));
  }
}
