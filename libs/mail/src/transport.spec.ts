import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { SMTPServer } from 'smtp-server';
import { isPermanentSmtpFailure, MailTransport, smtpFailureReason } from './transport.js';

/** Errors shaped as nodemailer 10 gives them (code, responseCode, permanent, response, command). */
const smtpError = (code: string, response?: string, command = 'RCPT TO') => {
  const responseCode = response ? Number(response.slice(0, 3)) : undefined;
  return Object.assign(new Error(`failed${response ? `: ${response}` : ''}`), {
    code,
    command,
    response,
    responseCode,
    permanent: responseCode ? responseCode >= 500 && responseCode !== 503 : undefined,
  });
};

describe('isPermanentSmtpFailure', () => {
  it('is permanent for a 5xx refusal of the recipient, the sender or the message', () => {
    expect(isPermanentSmtpFailure(smtpError('EENVELOPE', '550 5.1.1 User unknown'))).toBe(true);
    expect(isPermanentSmtpFailure(smtpError('EENVELOPE', '553 5.1.3 Bad sender', 'MAIL FROM'))).toBe(true);
    expect(isPermanentSmtpFailure(smtpError('EMESSAGE', '554 5.7.1 Message rejected', 'DATA'))).toBe(true);
  });

  it('is transient for 4xx replies, 503, dropped or refused connections, timeouts and aborted attempts', () => {
    expect(isPermanentSmtpFailure(smtpError('EENVELOPE', '421 4.3.2 Service busy'))).toBe(false);
    expect(isPermanentSmtpFailure(smtpError('ECONNECTION', '421 4.3.2 Service busy', 'CONN'))).toBe(false);
    expect(isPermanentSmtpFailure(smtpError('EENVELOPE', '451 4.7.1 Greylisted'))).toBe(false);
    expect(isPermanentSmtpFailure(smtpError('EENVELOPE', '503 5.5.1 Bad sequence of commands'))).toBe(false);
    expect(isPermanentSmtpFailure(smtpError('ECONNECTION', undefined, 'CONN'))).toBe(false);
    expect(isPermanentSmtpFailure(smtpError('ESOCKET', undefined, 'CONN'))).toBe(false);
    expect(isPermanentSmtpFailure(smtpError('ETIMEDOUT', undefined, 'CONN'))).toBe(false);
    expect(isPermanentSmtpFailure(smtpError('EABORT'))).toBe(false);
    expect(isPermanentSmtpFailure(new Error('anything else'))).toBe(false);
    expect(isPermanentSmtpFailure(undefined)).toBe(false);
  });

  it('is transient for a 5xx to the session itself (greeting, AUTH): the relay is misconfigured, the mail is not at fault', () => {
    expect(isPermanentSmtpFailure(smtpError('EAUTH', '535 5.7.8 Authentication failed', 'AUTH PLAIN'))).toBe(false);
    expect(isPermanentSmtpFailure(smtpError('EPROTOCOL', '554 5.3.2 No service', 'CONN'))).toBe(false);
  });
});

describe('smtpFailureReason', () => {
  it("gives the server's reply when there is one, else the error's message", () => {
    expect(smtpFailureReason(smtpError('EENVELOPE', '550 5.1.1 User unknown'))).toBe('550 5.1.1 User unknown');
    expect(smtpFailureReason(new Error('connect ECONNREFUSED 127.0.0.1:1'))).toBe('connect ECONNREFUSED 127.0.0.1:1');
  });
});

describe('MailTransport', () => {
  it('gives up on a relay that accepts the connection and never greets within its greeting timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const transport = new MailTransport(`smtp://127.0.0.1:${port}`, 'test@example.org', {
      connectionTimeout: 1_000,
      greetingTimeout: 300,
      socketTimeout: 1_000,
    });
    try {
      // With nodemailer's own greeting timeout (30 s) this would outlive the test's timeout.
      const failure = await transport.verify().then(
        () => undefined,
        (e: unknown) => e as { code?: string },
      );
      expect(failure?.code).toBe('ETIMEDOUT');
      expect(sockets).toHaveLength(1);
    } finally {
      transport.close();
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('sends a run of mails over one kept connection, and close() ends it at once', async () => {
    let connections = 0;
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onConnect: (_session, callback) => {
        connections++;
        callback();
      },
      onData: (stream, session, callback) => {
        stream.on('data', () => undefined);
        stream.on('end', () => {
          received.push(session.envelope.rcptTo.map((r) => r.address).join(','));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = (server as unknown as { server: { address(): { port: number } } }).server.address();
    const transport = new MailTransport(`smtp://127.0.0.1:${port}`, 'UBND xã <test@example.org>');
    const mail = (i: number) => ({ messageId: `<m${i}@test>`, to: `a${i}@example.org`, subject: `Thư ${i}`, html: '<p>x</p>', text: 'x' });
    let closing = 0;
    try {
      for (let i = 1; i <= 3; i++) await transport.send(mail(i));
      expect(received).toEqual(['a1@example.org', 'a2@example.org', 'a3@example.org']);
      expect(connections).toBe(1);
    } finally {
      transport.close();
      transport.close();
      // smtp-server waits 30 s for a connection still open when it closes; the pool's idle one has gone already.
      const started = Date.now();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      closing = Date.now() - started;
    }
    expect(closing).toBeLessThan(5_000);
  });
});
