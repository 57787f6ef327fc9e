import { Controller, Get, Header, Inject, NotFoundException, Param, ParseIntPipe, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../../../libs/config/src/index.js';
import { readCaughtAttachment, readCaughtMail, readMailbox } from '../../../../libs/mail/src/index.js';
import { formatViDateTime } from '../../../../libs/domain/src/index.js';
import { vi } from '../i18n/vi.js';
import { html, page } from '../web/html.js';

/** The development mailbox: what the built-in SMTP catcher received. Off unless APP_MAILBOX_DIR is set. */
@ApiExcludeController()
@Controller()
export class MailboxController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private dir(): string {
    if (!this.config.mailboxDir) throw new NotFoundException(vi.mailbox.disabled);
    return this.config.mailboxDir;
  }

  @Get('api/dev/mailbox')
  async list() {
    return (await readMailbox(this.dir())).map(({ html: _h, ...m }) => m);
  }

  @Get('mailbox')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async page() {
    const mails = await readMailbox(this.dir());
    const rows = mails.map((m) => html`<tr><td>${formatViDateTime(new Date(m.receivedAt))}</td><td>${m.to.join(', ')}</td><td><a href="/mailbox/${m.id}">${m.subject}</a></td></tr>`);
    return page(vi.mailbox.title, html`<nav><a href="/">${vi.home.plans}</a></nav><h1>${vi.mailbox.title}</h1>
      ${mails.length ? html`<table><tr><th>${vi.mailbox.received}</th><th>${vi.mailbox.to}</th><th>${vi.mailbox.subject}</th></tr>${rows}</table>` : html`<p>${vi.mailbox.empty}</p>`}`);
  }

  /**
   * One message as its recipient would see it: the headers, the HTML in a sandboxed frame (no scripts, no access to
   * this page: `sandbox` without allow-scripts or allow-same-origin, and this page's CSP, which the frame inherits,
   * allows no script), the plain-text part and the attached files.
   */
  @Get('mailbox/:id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "script-src 'none'; object-src 'none'; base-uri 'none'")
  async message(@Param('id') id: string) {
    const m = await readCaughtMail(this.dir(), id);
    if (!m) throw new NotFoundException();
    const t = vi.mailbox;
    const header = (label: string, value: string) => html`<tr><th>${label}</th><td>${value}</td></tr>`;
    const files = m.attachments.map(
      (a) => html`<li><a href="/mailbox/${m.id}/attachments/${a.index}" download="${a.filename}">${a.filename}</a> (${a.contentType}, ${a.size} ${t.bytes})</li>`,
    );
    return page(m.subject, html`<nav><a href="/mailbox">${t.back}</a></nav><h1>${m.subject}</h1>
      <h2>${t.headers}</h2>
      <table>${header(t.from, m.from)}${header(t.to, m.to.join(', '))}${header(t.subject, m.subject)}${header(t.date, m.date ? formatViDateTime(new Date(m.date)) : '')}${header(t.messageId, m.messageId)}${header(t.received, formatViDateTime(new Date(m.receivedAt)))}</table>
      <h2>${t.html}</h2>
      <iframe sandbox srcdoc="${m.html}" title="${t.html}" style="width:100%;height:32rem;border:1px solid #ddd"></iframe>
      <h2>${t.text}</h2>
      <div style="white-space:pre-wrap;border:1px solid #ddd;padding:.5rem">${m.text}</div>
      <h2>${t.attachments}</h2>
      ${files.length ? html`<ul>${files}</ul>` : html`<p>${t.noAttachments}</p>`}`);
  }

  /** An attached file, downloaded as it was sent (never shown inline on this site). */
  @Get('mailbox/:id/attachments/:index')
  async attachment(@Param('id') id: string, @Param('index', ParseIntPipe) index: number, @Res() res: Response) {
    const a = await readCaughtAttachment(this.dir(), id, index);
    if (!a) throw new NotFoundException();
    res.setHeader('content-type', a.contentType);
    res.setHeader('content-length', String(a.content.length));
    res.setHeader('content-disposition', `attachment; filename="${a.filename.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
    res.setHeader('x-content-type-options', 'nosniff');
    res.end(a.content);
  }
}
