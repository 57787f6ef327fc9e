import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadOpsConfig } from '#libs/config/src/index.js';
import { JsonLogger } from '#libs/ops/src/json-log.js';
import { WorkerModule } from './worker.module.js';
import { WorkerRunner } from './worker.runner.js';

try {
  // APP_LOG_FORMAT=json: one JSON object a line (docs/operations.md); the default stays the human text.
  const levels = ['log', 'warn', 'error'] as const;
  const logger = loadOpsConfig().logFormat === 'json' ? new JsonLogger([...levels]) : [...levels];
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger, abortOnError: false });
  const runner = app.get(WorkerRunner);
  const stop = () => void app.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await runner.run();
  await runner.close();
  await app.close();
} catch (err) {
  console.error(
    err instanceof ConfigError ? err.message : `dondoc worker cannot start: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
}
