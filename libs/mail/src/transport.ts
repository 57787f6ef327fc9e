import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  messageId: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** Sends through SMTP with nodemailer; timeouts are short so a retry never overlaps a hung attempt. */
export class MailTransport {
  private readonly transporter: Transporter;
  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transporter = nodemailer.createTransport(smtpUrl, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    } as never);
  }

  async send(m: OutgoingMail): Promise<void> {
    await this.transporter.sendMail({ from: this.from, to: m.to, subject: m.subject, html: m.html, text: m.text, messageId: m.messageId });
  }

  async verify(): Promise<void> {
    await this.transporter.verify();
  }

  close() {
    this.transporter.close();
  }
}
