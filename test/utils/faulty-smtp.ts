import type { Server, Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** Faults injected per recipient address (lower case). */
export interface SmtpFaults {
  /** Answer 421 (service not available, closing) to the first n RCPT TO of the address. */
  tempFail?: Record<string, number>;
  /** Answer 550 (mailbox unavailable) to every RCPT TO of the address. */
  reject?: string[];
  /** Take in the whole message, then drop the connection before answering 250, the first n times. */
  dropAfterData?: Record<string, number>;
  /** Take in the whole message and never answer, the first n times (the client must give up on its own). */
  stallAfterData?: Record<string, number>;
}

export interface ReceivedMail {
  messageId: string;
  to: string[];
  subject: string;
  /** False when the server dropped or stalled the connection after taking in the message (the client saw no 250). */
  acknowledged: boolean;
  parsed: ParsedMail;
}

/**
 * An in-process SMTP server (smtp-server) that misbehaves on request. It counts TCP connections and RCPT TO commands
 * per address, and keeps every message it took in whole, acknowledged or not: a message dropped after DATA may well
 * have been delivered, so it counts as received (a resend is then a duplicate with the same Message-ID).
 * `close()` and `listen()` again on the same port model a relay that refuses connections for a while.
 */
export class FaultySmtpServer {
  connections = 0;
  readonly rcpt = new Map<string, number>();
  readonly received: ReceivedMail[] = [];
  private server?: SMTPServer;
  private readonly sockets = new Set<Socket>();
  private readonly left: { tempFail: Map<string, number>; drop: Map<string, number>; stall: Map<string, number> };
  port = 0;

  constructor(private readonly faults: SmtpFaults = {}) {
    const lower = (r: Record<string, number> = {}) => new Map(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v]));
    this.left = { tempFail: lower(faults.tempFail), drop: lower(faults.dropAfterData), stall: lower(faults.stallAfterData) };
  }

  /** Messages per Message-ID. */
  byMessageId(): Map<string, ReceivedMail[]> {
    const out = new Map<string, ReceivedMail[]>();
    for (const m of this.received) out.set(m.messageId, [...(out.get(m.messageId) ?? []), m]);
    return out;
  }

  private take(map: Map<string, number>, address: string): boolean {
    const n = map.get(address) ?? 0;
    if (n > 0) map.set(address, n - 1);
    return n > 0;
  }

  async listen(port = 0): Promise<number> {
    const bySession = new Map<number, Socket>();
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      banner: 'dondoc faulty relay',
      onRcptTo: (address, _session, callback) => {
        const to = address.address.toLowerCase();
        this.rcpt.set(to, (this.rcpt.get(to) ?? 0) + 1);
        if (this.faults.reject?.map((a) => a.toLowerCase()).includes(to)) {
          return callback(Object.assign(new Error(`5.1.1 <${to}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
        }
        if (this.take(this.left.tempFail, to)) {
          return callback(Object.assign(new Error('4.3.2 Service busy, try again later'), { responseCode: 421 }));
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          const drop = to.some((a) => this.take(this.left.drop, a));
          const stall = !drop && to.some((a) => this.take(this.left.stall, a));
          void simpleParser(Buffer.concat(chunks)).then((parsed) => {
            this.received.push({
              messageId: parsed.messageId ?? '',
              to,
              subject: parsed.subject ?? '',
              acknowledged: !drop && !stall,
              parsed,
            });
            if (drop) bySession.get(session.remotePort)?.destroy();
            else if (!stall) callback();
          }, callback);
        });
      },
    });
    const net = (server as unknown as { server: Server }).server;
    net.on('connection', (socket: Socket) => {
      this.connections++;
      this.sockets.add(socket);
      if (socket.remotePort) bySession.set(socket.remotePort, socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (net.address() as { port: number }).port;
    return this.port;
  }

  /** RCPT TO commands received in all: one for each attempt that reached the relay (every mail has one recipient). */
  recipientsGiven(): number {
    return [...this.rcpt.values()].reduce((a, b) => a + b, 0);
  }

  /** Stops listening and cuts every open connection: the port refuses connections until `listen` again. */
  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
