import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '../../../libs/config/src/index.js';
import { WorkerModule } from './worker.module.js';
import { WorkerRunner } from './worker.runner.js';

try {
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['log', 'warn', 'error'], abortOnError: false });
  const runner = app.get(WorkerRunner);
  const stop = () => void app.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await runner.run();
  await runner.close();
  await app.close();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `dondoc worker cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
