import { connect } from 'node:net';

/** The p-th percentile (0–100) of some numbers, nearest rank. */
export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

/**
 * Runs `work` while `probe` (another request to the api) is sent again and again, one after the other with `gapMs`
 * between them, until the work is done and at least `minProbes` probes were answered; the probes' latencies in ms.
 * A server whose event loop the work blocks answers a probe only after it: that probe's latency is the block.
 */
export async function whileProbing<T>(
  work: () => Promise<T>,
  probe: () => Promise<unknown>,
  o: { gapMs?: number; minProbes?: number } = {},
): Promise<{ result: T; latencies: number[]; p95: number }> {
  const gap = o.gapMs ?? 40;
  const min = o.minProbes ?? 8;
  let done = false;
  const latencies: number[] = [];
  const probing = (async () => {
    while (!done || latencies.length < min) {
      const t = performance.now();
      await probe();
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, gap));
    }
  })();
  try {
    return { result: await work(), latencies, p95: NaN };
  } finally {
    done = true;
    await probing;
  }
}

/** As whileProbing, with the p95 filled in. */
export async function probed<T>(work: () => Promise<T>, probe: () => Promise<unknown>, o?: { gapMs?: number; minProbes?: number }) {
  const r = await whileProbing(work, probe, o);
  return { ...r, p95: percentile(r.latencies, 95) };
}

/**
 * Sends a request's head declaring `declaredBytes` of body and only `sentBytes` of it, then waits for the status line:
 * a server that decides before reading the body answers at once; one that reads the body first waits for bytes that
 * never come, and `waitMs` later this resolves with status 0. How many bytes were sent is returned beside it.
 */
export function answerBeforeBody(
  port: number,
  r: { method: string; path: string; headers: [string, string][]; body: Buffer },
  declaredBytes: number,
  waitMs = 15_000,
): Promise<{ status: number; sentBytes: number; head: string }> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let got = '';
    const finish = (status: number) => {
      clearTimeout(timer);
      sock.destroy();
      resolve({ status, sentBytes: r.body.length, head: got.slice(0, 2000) });
    };
    const timer = setTimeout(() => finish(0), waitMs);
    sock.on('connect', () => {
      const head = [
        `${r.method} ${r.path} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        ...r.headers.map(([k, v]) => `${k}: ${v}`),
        `Content-Length: ${declaredBytes}`,
      ].join('\r\n');
      sock.write(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), r.body]));
    });
    sock.on('data', (c) => {
      got += c.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m && got.includes('\r\n\r\n')) finish(Number(m[1]));
    });
    sock.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
