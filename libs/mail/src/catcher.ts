import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SMTPServer } from 'smtp-server';

// mailparser and smtp-server are loaded when first used, not by every process that imports the mail library
// (the api and the worker start without them).

export interface CaughtMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  /** The Date header (ISO), or '' when the message has none. */
  date: string;
  messageId: string;
  /** The Auto-Submitted header (RFC 3834), or '' when the message has none. */
  autoSubmitted: string;
  text: string;
  html: string;
  /** The attached files, in order; `readCaughtAttachment(dir, id, index)` gives one's bytes. */
  attachments: CaughtAttachment[];
}

export interface CaughtAttachment {
  index: number;
  filename: string;
  contentType: string;
  size: number;
}

const ID_PATTERN = /^[0-9]{13}-[0-9a-f]{8}$/;

/**
 * A development SMTP server on loopback that keeps every message as an .eml file in a folder. The web app's
 * mailbox page reads the same folder (see readMailbox).
 */
export class SmtpCatcher {
  private server?: SMTPServer;
  private counter = 0;
  port = 0;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  async start(port = 0, host = '127.0.0.1'): Promise<number> {
    const { SMTPServer } = await import('smtp-server');
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      banner: 'dondoc mail catcher',
      // A sender keeps its connections open between mails (MailTransport's pool); a stopping catcher cuts them after
      // 2 s instead of smtp-server's 30.
      closeTimeout: 2_000,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', callback);
        // The message is accepted (250) once its file is written; the write does not hold up the other connections.
        stream.on('end', () => {
          const id = `${Date.now()}-${(this.counter++ >>> 0).toString(16).padStart(8, '0')}`;
          writeFile(join(this.dir, `${id}.eml`), Buffer.concat(chunks)).then(
            () => callback(),
            (err: Error) => callback(err),
          );
        });
      },
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    // A client that goes away mid-session (a killed worker) resets its connection: the client's failure, not the
    // catcher's, which goes on serving. Without a listener smtp-server's 'error' would end the whole process.
    server.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') console.error(`mail catcher: ${err.message}`);
    });
    const address = (server as unknown as { server: { address(): { port: number } } }).server.address();
    this.port = address.port;
    return this.port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

/** Lists the caught messages, newest first. */
export async function readMailbox(dir: string): Promise<CaughtMail[]> {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
  } catch {
    return [];
  }
  files.sort().reverse();
  return Promise.all(files.map((f) => readCaughtMail(dir, f.slice(0, -4)))) as Promise<CaughtMail[]>;
}

async function parseCaught(dir: string, id: string) {
  if (!ID_PATTERN.test(id)) return undefined;
  let raw: Buffer;
  try {
    raw = readFileSync(join(dir, `${id}.eml`));
  } catch {
    return undefined;
  }
  const { simpleParser } = await import('mailparser');
  return simpleParser(raw);
}

export async function readCaughtMail(dir: string, id: string): Promise<CaughtMail | undefined> {
  const p = await parseCaught(dir, id);
  if (!p) return undefined;
  const to = (Array.isArray(p.to) ? p.to : p.to ? [p.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
  return {
    id,
    receivedAt: new Date(Number(id.slice(0, 13))).toISOString(),
    from: p.from?.text ?? '',
    to,
    subject: p.subject ?? '',
    date: p.date && !Number.isNaN(p.date.getTime()) ? p.date.toISOString() : '',
    messageId: p.messageId ?? '',
    autoSubmitted: String(p.headers.get('auto-submitted') ?? ''),
    text: p.text ?? '',
    html: typeof p.html === 'string' ? p.html : '',
    attachments: p.attachments.map((a, index) => ({
      index,
      filename: a.filename ?? `${index + 1}`,
      contentType: a.contentType,
      size: a.size,
    })),
  };
}

/** One attached file of a caught message, as it was sent. */
export async function readCaughtAttachment(
  dir: string,
  id: string,
  index: number,
): Promise<{ filename: string; contentType: string; content: Buffer } | undefined> {
  const a = (await parseCaught(dir, id))?.attachments[index];
  return a ? { filename: a.filename ?? `${index + 1}`, contentType: a.contentType, content: a.content } : undefined;
}
