import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ACTION_STATUS, actionPage, privatePage } from './auth-pages.js';
import { ActionLinksService, type ActionPage } from './action-links.service.js';
import { authOf } from './session.js';

/** `/hanh-dong/<ref>`: the action links of mails. GET shows a confirmation page; only its POST acts. */
@ApiExcludeController()
@Controller('hanh-dong')
export class ActionLinksController {
  constructor(@Inject(ActionLinksService) private readonly links: ActionLinksService) {}

  @Get(':ref')
  async open(@Param('ref') ref: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.render(await this.links.open(ref, authOf(req)), req, res, ref);
  }

  @Post(':ref')
  async act(
    @Param('ref') ref: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.render(await this.links.act(ref, authOf(req), body ?? {}), req, res, ref);
  }

  private render(p: ActionPage, req: Request, res: Response, ref: string): string {
    privatePage(res, p.kind === 'confirm' && p.fieldError ? 422 : ACTION_STATUS[p.kind]);
    return actionPage(p, authOf(req), ref);
  }
}
