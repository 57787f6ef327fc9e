import { Controller, Get, Header, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '../../../../libs/config/src/index.js';
import { readCaughtMail, readMailbox } from '../../../../libs/mail/src/index.js';
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

  @Get('mailbox/:id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async message(@Param('id') id: string) {
    const m = await readCaughtMail(this.dir(), id);
    if (!m) throw new NotFoundException();
    // The message is shown in a sandboxed frame: its HTML cannot run scripts or reach this page.
    return page(m.subject, html`<nav><a href="/mailbox">${vi.mailbox.back}</a></nav><h1>${m.subject}</h1>
      <p>${vi.mailbox.to}: ${m.to.join(', ')} · ${formatViDateTime(new Date(m.receivedAt))}</p>
      <iframe sandbox srcdoc="${m.html}" style="width:100%;height:32rem;border:1px solid #ddd"></iframe><div style="white-space:pre-wrap;border:1px solid #ddd;padding:.5rem">${m.text}</div>`);
  }
}
