import type { Readable } from 'node:stream';

/**
 * The argument `npm start` gives an app it spawns before PostgreSQL, Temporal and the schema are ready: the app loads
 * its modules (most of its start, and CPU) while they start, then waits for its environment on stdin.
 */
export const WAIT_FOR_LAUNCHER = '--wait-for-launcher';

/** The most the launcher's line may hold: an environment, not a file. */
const MAX_LINE_BYTES = 256 * 1024;

/**
 * With `--wait-for-launcher` among the arguments: reads one line from `input`, the JSON object of the environment
 * the launcher hands over once the schema is migrated, and sets it in `process.env`. Resolves `false` when stdin
 * closes first (the start was given up: the app should exit without starting), `true` once the environment is set,
 * at once without the argument. Anything but an object of strings under 256 KiB rejects.
 */
export async function environmentFromLauncher(argv: readonly string[] = process.argv, input: Readable = process.stdin): Promise<boolean> {
  if (!argv.includes(WAIT_FOR_LAUNCHER)) return true;
  const line = await new Promise<string | undefined>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (value: string | undefined, err?: Error) => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      input.pause();
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const nl = b.indexOf(0x0a);
      size += nl < 0 ? b.length : nl;
      if (size > MAX_LINE_BYTES) return done(undefined, new Error(`the launcher's environment is over ${MAX_LINE_BYTES} bytes`));
      chunks.push(nl < 0 ? b : b.subarray(0, nl));
      if (nl >= 0) done(Buffer.concat(chunks).toString('utf8'));
    };
    const onEnd = () => done(chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined);
    const onError = (err: Error) => done(undefined, err);
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', onError);
  });
  if (line === undefined) return false;
  const env: unknown = JSON.parse(line);
  if (!env || typeof env !== 'object' || Array.isArray(env) || Object.values(env).some((v) => typeof v !== 'string'))
    throw new Error("the launcher's environment is not an object of strings");
  Object.assign(process.env, env);
  return true;
}

/** The launcher's side: the line an app waiting with `--wait-for-launcher` reads. */
export function launcherEnvironmentLine(env: NodeJS.ProcessEnv): string {
  const defined = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return `${JSON.stringify(defined)}\n`;
}
