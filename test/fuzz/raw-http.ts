import { connect } from 'node:net';

/** A request as bytes on the wire: nothing is normalised, encoded or checked on the way (unlike fetch). */
export interface RawRequest {
  method: string;
  /** The request target as sent: percent-encoding garbage, `..` and `%00` stay as they are. */
  path: string;
  headers: [string, string][];
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const decodeChunked = (b: Buffer): Buffer => {
  const out: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = b.indexOf('\r\n', i);
    if (eol < 0) break;
    const size = parseInt(b.subarray(i, eol).toString('latin1'), 16);
    if (!size) break;
    out.push(b.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
};

/** One request on its own connection (Connection: close); the answer once the server closes it. */
export function rawRequest(port: number, r: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${r.method} ${r.path.slice(0, 200)}`));
    }, timeoutMs);
    const has = (name: string) => r.headers.some(([k]) => k.toLowerCase() === name);
    const head = [
      `${r.method} ${r.path} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Connection: close',
      ...r.headers.map(([k, v]) => `${k}: ${v}`),
      ...(r.body !== undefined && !has('content-length') && !has('transfer-encoding') ? [`Content-Length: ${r.body.length}`] : []),
    ].join('\r\n');
    sock.on('connect', () => {
      sock.write(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), r.body ?? Buffer.alloc(0)]));
    });
    sock.on('data', (c) => chunks.push(c));
    // The server may answer and close before it has read a large body: the write then fails, the answer stands.
    sock.on('error', (err) => {
      if (!chunks.length) {
        clearTimeout(timer);
        reject(err);
      }
    });
    sock.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0)
        return reject(
          new Error(`no HTTP answer to ${r.method} ${r.path.slice(0, 200)}: ${JSON.stringify(all.toString('latin1').slice(0, 200))}`),
        );
      const [statusLine, ...lines] = all.subarray(0, end).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      let body: Buffer = all.subarray(end + 4);
      if (headers['transfer-encoding']?.includes('chunked')) body = decodeChunked(body);
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}
