import { Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { WEB_APP_PATH } from '../common/web-app.js';

/** A plan id or an assessment id as the app's paths take them; anything else goes to the list. */
const ID = /^[\p{L}\p{N}._-]{1,100}$/u;
const IMPORT = `${WEB_APP_PATH}/nhap-ke-hoach`;
const ASSESSMENTS = `${WEB_APP_PATH}/danh-gia`;
const assessment = (planId: string, assessmentId: string) =>
  ID.test(planId) && ID.test(assessmentId)
    ? `${ASSESSMENTS}/${encodeURIComponent(planId)}/${encodeURIComponent(assessmentId)}`
    : ASSESSMENTS;

/**
 * The addresses of the server pages the web app replaced (plan upload and start, plan import, the child-friendly
 * assessment pages), kept for bookmarks and mailed links. A GET (or HEAD) is sent to the app's page with 302. A form
 * posted from a page left open in a browser is not read, let alone acted on: 303 to the same app page, where the
 * person does it again (the connection is closed, so an upload still coming is not read either).
 */
@ApiExcludeController()
@Controller()
export class OldPagesController {
  @Get(['ke-hoach/nap', 'ke-hoach/nhap', 'nhap-ke-hoach'])
  importPage(@Res() res: Response) {
    res.redirect(302, IMPORT);
  }

  @Post(['ke-hoach/nap', 'ke-hoach/nap/trien-khai', 'ke-hoach/nhap', 'ke-hoach/nhap/tai-ve', 'nhap-ke-hoach'])
  importForm(@Res() res: Response) {
    formGone(res, IMPORT);
  }

  @Get(['danh-gia', 'plans/:planId/danh-gia'])
  assessments(@Res() res: Response) {
    res.redirect(302, ASSESSMENTS);
  }

  @Post('plans/:planId/danh-gia')
  openForm(@Res() res: Response) {
    formGone(res, ASSESSMENTS);
  }

  @Get('plans/:planId/danh-gia/:assessmentId')
  assessment(@Param('planId') planId: string, @Param('assessmentId') assessmentId: string, @Res() res: Response) {
    res.redirect(302, assessment(planId, assessmentId));
  }

  @Post(['plans/:planId/danh-gia/:assessmentId', 'plans/:planId/danh-gia/:assessmentId/trinh'])
  assessmentForm(@Param('planId') planId: string, @Param('assessmentId') assessmentId: string, @Res() res: Response) {
    formGone(res, assessment(planId, assessmentId));
  }
}

/** A form posted to a removed page: 303 to its app page, nothing read or done. */
function formGone(res: Response, to: string) {
  res.setHeader('Connection', 'close');
  res.setHeader('Cache-Control', 'no-store');
  res.redirect(303, to);
}
