import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LauncherConfig } from '#libs/config/src/index.js';
import { ProvisionError } from '#libs/config/src/index.js';
import { checkPostgres, embeddedPostgresDir, ensureDatabase, startEmbeddedPostgres } from '#libs/database/src/provision.js';
import { SmtpCatcher, MailTransport } from '#libs/mail/src/index.js';
import { buildTemporalCli, findTemporalCli, startDevServer, waitForTemporal } from '#libs/temporal/src/index.js';
import type { ProgressLine } from './progress.js';

export type Stopper = () => Promise<void>;

export const logTo = (dataDir: string, name: string) => {
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const stream = createWriteStream(join(dataDir, 'logs', `${name}.log`), { flags: 'a' });
  return (line: string) => stream.write(line.endsWith('\n') ? line : `${line}\n`);
};

/** DATABASE_URL given: one connect and SELECT 1, nothing written. */
export async function checkGivenPostgres(url: string, p: ProgressLine): Promise<void> {
  p.info('using DATABASE_URL');
  await checkPostgres(url);
}

/** The embedded PostgreSQL in the data folder (kept across restarts), with the database `dondoc`; its URL. */
export async function startPostgres(c: LauncherConfig, p: ProgressLine, stops: Stopper[]): Promise<string> {
  // As root from a folder the postgres user cannot enter (/root/…), the data goes under /var/tmp instead.
  const dir = embeddedPostgresDir(c.dataDir);
  if (dir !== join(c.dataDir, 'postgres')) {
    p.info(`running as root in a folder the postgres user cannot enter: the embedded PostgreSQL keeps its data in ${dir}`);
    mkdirSync(dirname(dir), { recursive: true, mode: 0o755 });
  }
  p.info(
    `${existsSync(join(dir, 'PG_VERSION')) ? 'starting' : 'initialising'} embedded PostgreSQL in ${dir} on 127.0.0.1:${c.embeddedPgPort}`,
  );
  const server = await startEmbeddedPostgres({ dataDir: dir, port: c.embeddedPgPort, log: logTo(c.dataDir, 'postgres') });
  stops.push(() => server.stop());
  return ensureDatabase(server.url, 'dondoc');
}

/** TEMPORAL_ADDRESS given: its frontend answers within 10 s, or the start stops naming it. */
export async function checkGivenTemporal(address: string, p: ProgressLine): Promise<void> {
  p.info(`using TEMPORAL_ADDRESS=${address}`);
  try {
    await waitForTemporal(address, 10_000);
  } catch (err) {
    throw new ProvisionError(
      'Temporal',
      (err as Error).message,
      'check TEMPORAL_ADDRESS and that the Temporal server is running; unset it to use the local dev server',
    );
  }
}

/** Where the dev server of `startTemporal` answers: known before it is started, so the api can start beside it. */
export const devServerAddress = (c: LauncherConfig) => `127.0.0.1:${c.temporalPort}`;

/** The Temporal dev server (its state in the data folder), built from source the first time; its address once it answers. */
export async function startTemporal(c: LauncherConfig, p: ProgressLine, stops: Stopper[], env: NodeJS.ProcessEnv): Promise<string> {
  const binary = await ensureTemporalCli(c, p, env);
  const dbFile = join(c.dataDir, 'temporal.sqlite');
  mkdirSync(c.dataDir, { recursive: true });
  p.info(`starting ${binary} server start-dev --headless on ${devServerAddress(c)} (state in ${dbFile})`);
  const server = await startDevServer({ binary, port: c.temporalPort, dbFile, logFile: logTo(c.dataDir, 'temporal') });
  stops.push(() => server.stop());
  return server.address;
}

export async function ensureTemporalCli(c: LauncherConfig, p: ProgressLine, env: NodeJS.ProcessEnv): Promise<string> {
  const found = findTemporalCli({ explicit: c.temporalCliPath, cacheDir: c.cacheDir, path: env.PATH });
  if (found) return found;
  p.info('no temporal CLI found (TEMPORAL_CLI_PATH, cache, PATH): building the Temporal dev server from source');
  return buildTemporalCli(c.cacheDir, (line) => p.info(line), env);
}

/** SMTP_URL given: the server answers (EHLO, and its login when the URL has one), or the start stops naming it. */
export async function checkGivenSmtp(url: string, p: ProgressLine): Promise<void> {
  p.info('using SMTP_URL');
  const t = new MailTransport(url, 'dondoc@localhost');
  try {
    await t.verify();
  } catch (err) {
    throw new ProvisionError(
      'SMTP',
      `the SMTP server does not answer: ${(err as Error).message}`,
      'check SMTP_URL (host, port, credentials); unset it to use the built-in mail catcher',
    );
  } finally {
    t.close();
  }
}

/** The built-in mail catcher: the mail is kept in <data>/mailbox and shown at /mailbox. */
export async function startSmtpCatcher(c: LauncherConfig, p: ProgressLine, stops: Stopper[]): Promise<{ url: string; mailboxDir: string }> {
  const mailboxDir = join(c.dataDir, 'mailbox');
  const catcher = new SmtpCatcher(mailboxDir);
  try {
    await catcher.start(c.smtpCatcherPort);
  } catch (err) {
    throw new ProvisionError(
      'SMTP',
      `the built-in mail catcher cannot listen on 127.0.0.1:${c.smtpCatcherPort}: ${(err as Error).message}`,
      'free that port or set APP_SMTP_CATCHER_PORT; or set SMTP_URL',
    );
  }
  stops.push(() => catcher.stop());
  p.info(`built-in mail catcher on smtp://127.0.0.1:${catcher.port}, mail kept in ${mailboxDir}`);
  return { url: `smtp://127.0.0.1:${catcher.port}`, mailboxDir };
}

export { spawnApp } from './spawn-app.js';
