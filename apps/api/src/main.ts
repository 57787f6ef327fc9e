import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, environmentFromLauncher, loadAppConfig, loadOpsConfig } from '#libs/config/src/index.js';
import { JsonLogger, jsonLogLine } from '#libs/ops/src/json-log.js';
import { createApiApp } from './app.factory.js';

try {
  // Spawned by `npm start` before its services were ready: the modules above are loaded; the environment comes now.
  if (!(await environmentFromLauncher())) process.exit(0);
  const config = loadAppConfig();
  const json = loadOpsConfig().logFormat === 'json';
  const app = await createApiApp();
  // APP_LOG_FORMAT=json: one JSON object a line (docs/operations.md); the default stays the human text.
  if (json) app.useLogger(new JsonLogger(['warn', 'error']));
  const say = (level: 'info' | 'warn', line: string) =>
    json ? console.log(jsonLogLine(level, line, { context: 'Api' })) : level === 'warn' ? console.warn(line) : console.log(line);
  // 127.0.0.1 (this machine only) unless APP_HOST says otherwise.
  await app.listen(config.port, config.host);
  const bound = (app.getHttpServer() as Server).address() as AddressInfo;
  const where = bound.family === 'IPv6' ? `[${bound.address}]:${bound.port}` : `${bound.address}:${bound.port}`;
  say('info', `dondoc api listening on ${where} (public URL ${config.baseUrl})`);
  if (config.actorHeader) {
    say(
      'warn',
      'WARNING: APP_ACTOR_HEADER=on — a request from this machine (127.0.0.1 or ::1) may act as any role by naming it in the X-Dondoc-Actor header, without signing in. For development and tests only; never with real data.',
    );
  }
  if (config.mailboxDir) say('info', `development mailbox at ${config.baseUrl}/mailbox (answers requests from this machine only)`);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `dondoc api cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
