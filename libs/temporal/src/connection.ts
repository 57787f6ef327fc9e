import { Connection } from '@temporalio/client';

/** True when the frontend answers its health check within the timeout. */
export async function temporalHealthy(connection: Connection, timeoutMs = 3000): Promise<boolean> {
  try {
    const res = await connection.withDeadline(Date.now() + timeoutMs, () => connection.healthService.check({}));
    const serving: NonNullable<typeof res.status> = 1; // grpc.health.v1 SERVING
    return res.status === serving;
  } catch {
    return false;
  }
}

/** Waits until a Temporal frontend at `address` answers, or fails with a message that names it. */
export async function waitForTemporal(address: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const c = await Connection.connect({ address, connectTimeout: '2 seconds' });
      try {
        if (await temporalHealthy(c)) {
          await c.workflowService.describeNamespace({ namespace: 'default' });
          return;
        }
      } finally {
        await c.close();
      }
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`Temporal at ${address} did not answer within ${Math.round(timeoutMs / 1000)} s${last ? ` (${String(last)})` : ''}`);
}
