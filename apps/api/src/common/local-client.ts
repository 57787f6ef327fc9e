import type { IncomingMessage } from 'node:http';

/** The addresses of this machine's own loopback interface as a socket reports them (IPv4, IPv6, IPv4-mapped IPv6). */
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Whether the request comes from this machine: the TCP peer's address, never a header a client writes
 * (X-Forwarded-For, Forwarded, Host). 127.0.0.1 and ::1 only: another address of 127.0.0.0/8 counts as another host,
 * and so does a request relayed by a proxy on another machine.
 */
export const isLocalClient = (req: IncomingMessage): boolean => LOOPBACK.has(req.socket?.remoteAddress ?? '');
