import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config/src/index.js';
import { MailTransport } from './transport.js';

/** The SMTP (or log) transport of the configuration, one per process. */
@Global()
@Module({
  providers: [{ provide: MailTransport, useFactory: (c: AppConfig) => new MailTransport(c.smtp.url, c.smtp.from), inject: [APP_CONFIG] }],
  exports: [MailTransport],
})
export class MailModule {}
