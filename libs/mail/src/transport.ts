import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';

/** A file sent with a mail, kept in the outbox row as it is sent (text content, e.g. an .ics calendar event). */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface OutgoingMail {
  messageId: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments?: MailAttachment[] | null;
}

/**
 * Limits of one SMTP attempt. Each wait is short (connect, greeting, any one reply), and SEND_DEADLINE_MS caps the
 * whole attempt: when it passes the connection is closed and the send fails as transient. So an attempt always ends
 * well before the delivery activity's start-to-close timeout (1 minute), and Temporal never starts a retry beside it.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 15_000 } as const;
export const SEND_DEADLINE_MS = 25_000;

/**
 * True when the server refused this message for good: a 5xx reply (503 excepted, RFC 5321 §4.2.1) to its envelope or
 * its content. Sending it again would get the same answer. Everything else is transient and retried: 4xx replies
 * (421, 451), refused, timed-out or dropped connections, and 5xx replies to the session itself (greeting, AUTH),
 * which say the relay is misconfigured, not that this mail is undeliverable.
 */
export function isPermanentSmtpFailure(error: unknown): boolean {
  const e = error as { code?: string; responseCode?: number; permanent?: boolean } | null;
  if (!e || typeof e !== 'object') return false;
  const permanent = e.permanent ?? (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600 && e.responseCode !== 503);
  return permanent && (e.code === 'EENVELOPE' || e.code === 'EMESSAGE');
}

/** The server's reply for an SMTP failure ("550 5.1.1 … User unknown"), else the error's message. */
export function smtpFailureReason(error: unknown): string {
  const e = error as { response?: string; message?: string } | null;
  return (e?.response || e?.message || String(error)).trim();
}

/** Sends through SMTP with nodemailer; timeouts are short so a retry never overlaps a hung attempt. */
export class MailTransport {
  private readonly transporter: Transporter;
  constructor(
    smtpUrl: string,
    private readonly from: string,
    timeouts: { connectionTimeout: number; greetingTimeout: number; socketTimeout: number } = SMTP_TIMEOUTS,
  ) {
    this.transporter = nodemailer.createTransport(smtpUrl, { ...timeouts } as never);
  }

  /** One attempt; it is aborted (the connection closed) once `deadlineMs` has passed. */
  async send(m: OutgoingMail, deadlineMs: number = SEND_DEADLINE_MS): Promise<void> {
    const mail: SendMailOptions = {
      from: this.from,
      to: m.to,
      subject: m.subject,
      html: m.html,
      text: m.text,
      messageId: m.messageId,
      attachments: (m.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    };
    // nodemailer closes the connection when the signal aborts (its types do not declare the option yet).
    await this.transporter.sendMail(Object.assign(mail, { signal: AbortSignal.timeout(Math.max(1, deadlineMs)) }));
  }

  async verify(): Promise<void> {
    await this.transporter.verify();
  }

  close() {
    this.transporter.close();
  }
}
