import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, loadAppConfig } from './config.js';

/** The validated configuration (APP_CONFIG), read once per process; the api and the worker import it, tests override it. */
@Global()
@Module({
  providers: [{ provide: APP_CONFIG, useFactory: () => loadAppConfig() }],
  exports: [APP_CONFIG],
})
export class ConfigModule {}
