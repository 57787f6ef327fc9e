import { Controller, Get, Header, Inject, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#libs/config/src/index.js';
import { readCaughtAttachment, readCaughtMail, readMailbox } from '#libs/mail/src/index.js';
import { formatViDateTime } from '#libs/domain/src/index.js';
import { vi } from '../i18n/vi.js';
import { isLocalClient } from '../common/local-client.js';
import { renderView } from '../web/views.js';
import { MAILBOX_CSP } from '../common/security-headers.js';

/**
 * The development mailbox: what the built-in SMTP catcher received. Off unless APP_MAILBOX_DIR is set (`npm start`
 * sets it only with its built-in catcher), and then only for requests from this machine (the TCP peer is 127.0.0.1 or
 * ::1): it holds everyone's sign-in and action links, so any other client gets 404, as if it did not exist.
 */
@ApiExcludeController()
@Controller()
export class MailboxController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private dir(req: Request): string {
    // To another host the same 404 as any unknown path: it does not learn that a mailbox exists.
    if (!isLocalClient(req)) throw new NotFoundException();
    if (!this.config.mailboxDir) throw new NotFoundException(vi.mailbox.disabled);
    return this.config.mailboxDir;
  }

  @Get('api/dev/mailbox')
  async list(@Req() req: Request) {
    return (await readMailbox(this.dir(req))).map(({ html: _h, ...m }) => m);
  }

  @Get('mailbox')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async page(@Req() req: Request) {
    const mails = await readMailbox(this.dir(req));
    const t = vi.mailbox;
    return renderView('mailbox', {
      title: t.title,
      labels: { received: t.received, to: t.to, subject: t.subject, empty: t.empty },
      mails: mails.map((m) => ({
        received: formatViDateTime(new Date(m.receivedAt)),
        to: m.to.join(', '),
        href: `/mailbox/${m.id}`,
        subject: m.subject,
      })),
    });
  }

  /**
   * One message as its recipient would see it: the headers, the HTML in a sandboxed frame (no scripts, no access to
   * this page: `sandbox` without allow-scripts or allow-same-origin, and this page's CSP (MAILBOX_CSP), which the
   * frame inherits, allows no script), the plain-text part and the attached files.
   */
  @Get('mailbox/:id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Security-Policy', MAILBOX_CSP)
  async message(@Param('id') id: string, @Req() req: Request) {
    const m = await readCaughtMail(this.dir(req), id);
    if (!m) throw new NotFoundException();
    const t = vi.mailbox;
    return renderView('mailbox-message', {
      title: m.subject,
      labels: {
        back: t.back,
        headers: t.headers,
        html: t.html,
        text: t.text,
        attachments: t.attachments,
        noAttachments: t.noAttachments,
        bytes: t.bytes,
      },
      headers: [
        { label: t.from, value: m.from },
        { label: t.to, value: m.to.join(', ') },
        { label: t.subject, value: m.subject },
        { label: t.date, value: m.date ? formatViDateTime(new Date(m.date)) : '' },
        { label: t.messageId, value: m.messageId },
        { label: t.received, value: formatViDateTime(new Date(m.receivedAt)) },
      ],
      html: m.html,
      text: m.text,
      files: m.attachments.map((a) => ({
        href: `/mailbox/${m.id}/attachments/${a.index}`,
        filename: a.filename,
        contentType: a.contentType,
        size: a.size,
      })),
    });
  }

  /** An attached file, downloaded as it was sent (never shown inline on this site). */
  @Get('mailbox/:id/attachments/:index')
  async attachment(@Param('id') id: string, @Param('index') index: string, @Req() req: Request, @Res() res: Response) {
    const dir = this.dir(req);
    // An index is a small whole number; anything else (a huge or negative number, text) names no attachment.
    const a = /^\d{1,4}$/.test(index) ? await readCaughtAttachment(dir, id, Number(index)) : undefined;
    if (!a) throw new NotFoundException();
    res.setHeader('content-type', a.contentType);
    res.setHeader('content-length', String(a.content.length));
    res.setHeader(
      'content-disposition',
      `attachment; filename="${a.filename.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
    );
    res.setHeader('x-content-type-options', 'nosniff');
    res.end(a.content);
  }
}
