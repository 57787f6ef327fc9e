import { Global, Module } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG, type AppConfig } from '#libs/config/src/index.js';

/** The Temporal client of the configuration. Lazy: the api starts while Temporal is down and /health says so. */
@Global()
@Module({
  providers: [
    {
      provide: Client,
      useFactory: (c: AppConfig) =>
        new Client({ connection: Connection.lazy({ address: c.temporal.address }), namespace: c.temporal.namespace }),
      inject: [APP_CONFIG],
    },
  ],
  exports: [Client],
})
export class TemporalClientModule {}
