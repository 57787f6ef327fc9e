import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { pagesCss } from './views.js';

/** The style sheet of the server pages that stay (views.ts): a file of this site, as the CSP asks (no inline style needed). */
@ApiExcludeController()
@Controller()
export class ViewsController {
  @Get('static/pages.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  css() {
    return pagesCss();
  }
}
