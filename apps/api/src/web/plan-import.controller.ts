import { Body, Controller, Get, Injectable, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { formToken } from '../../../../libs/database/src/index.js';
import { MAX_PLAN_FILE_BYTES } from '../../../../libs/domain/src/index.js';
import { MAX_DOCUMENT_BYTES, PlanImportError } from '../../../../libs/plan-import/src/index.js';
import { GatedFileInterceptor } from '../common/gated-upload.js';
import { importDocumentIsolated } from '../common/isolated-parse.js';
import { pageTooLarge, PlanLoadGate } from './plan-load.gate.js';
import { privatePage } from '../auth/auth-pages.js';
import { vi } from '../i18n/vi.js';
import { signedInForm, type FormPage } from './signed-in-form.js';
import { PLAN_IMPORT_PAGE, planImportFailedPage, planImportPage, planImportResultPage } from './plan-import.pages.js';

const PURPOSE = 'plan-import';
const FORM: FormPage = {
  here: PLAN_IMPORT_PAGE, purpose: PURPOSE, render: (auth, csrf, message) => planImportPage(auth, csrf, message),
  signInRequired: vi.web.signInRequired, formInvalid: vi.web.planImport.formInvalid,
};
/** The plan check page's form purpose: the draft is handed to it in a form of this page. */
const START_PURPOSE = 'plan-start';
/** Who may upload here, decided before the body is read (plan-load.gate.ts). */
@Injectable()
export class PlanImportGate extends PlanLoadGate {
  protected readonly form = FORM;
}
/** One document up to the import limit; the draft carried back for download within the plan file limit. */
const UPLOAD = GatedFileInterceptor('file', { files: 1, fileSize: MAX_DOCUMENT_BYTES, fieldSize: MAX_PLAN_FILE_BYTES + 1024 }, PlanImportGate, pageTooLarge(() => FORM, () => vi.web.planImport.tooLarge));

interface UploadedPart {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** Browsers send a UTF-8 file name that multer reads as latin1; only a plain name is used. */
const uploadedName = (raw: string) => Buffer.from(raw, 'latin1').toString('utf8').replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120) || 'ke-hoach.txt';
const draftNameOf = (doc: string) => `${doc.replace(/\.[^.]*$/, '') || 'ke-hoach'}.yaml`;

/** Upload a signed plan document (.docx, .txt, or .doc when LibreOffice is installed) and get the draft plan file, with what needs a person. */
@ApiExcludeController()
@Controller(PLAN_IMPORT_PAGE.slice(1))
export class PlanImportController {
  private signedIn(req: Request, res: Response, body?: Record<string, unknown>) {
    return signedInForm(req, res, FORM, body);
  }

  @Get()
  form(@Req() req: Request, @Res() res: Response) {
    const me = this.signedIn(req, res);
    if (!me) return;
    privatePage(res, 200);
    res.send(planImportPage(me.auth, me.csrf));
  }

  @Post()
  @UseInterceptors(UPLOAD)
  async read(@Req() req: Request, @Res() res: Response, @UploadedFile() file: UploadedPart | undefined, @Body() body: Record<string, unknown>) {
    const me = this.signedIn(req, res, body);
    if (!me) return;
    if (!file?.size) {
      privatePage(res, 422);
      res.send(planImportPage(me.auth, me.csrf, vi.web.planImport.fileRequired));
      return;
    }
    const name = uploadedName(file.originalname);
    try {
      // Read in a worker with time and memory limits: a document too complex to read is a 422, the api answers on.
      const d = await importDocumentIsolated(file.buffer, name, draftNameOf(name));
      privatePage(res, 200);
      res.send(planImportResultPage(me.auth, me.csrf, formToken(me.auth.sessionToken, START_PURPOSE), d.summary, d.yaml, draftNameOf(name)));
    } catch (err) {
      if (!(err instanceof PlanImportError)) throw err;
      privatePage(res, 422);
      res.send(planImportFailedPage(me.auth, me.csrf, err));
    }
  }

  /** The draft as a file to save. */
  @Post('tai-ve')
  @UseInterceptors(UPLOAD)
  download(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const me = this.signedIn(req, res, body);
    if (!me) return;
    const yaml = typeof body.yaml === 'string' ? body.yaml.replace(/\r\n?/g, '\n').replace(/^\n/, '') : ''; // form fields travel with CRLF
    const name = draftNameOf(uploadedName(typeof body.name === 'string' ? body.name.replace(/\.yaml$/, '') : ''));
    res.status(200);
    res.setHeader('Content-Type', 'application/yaml; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`);
    res.send(yaml);
  }
}
