import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppExceptionFilter } from './common/exception.filter.js';
import { finishDocument } from './common/openapi.js';
import { validationPipe } from './common/validation.js';
import { AppModule } from './app.module.js';

/** Builds the HTTP app (used by main and by the tests). */
export async function createApiApp(module: unknown = AppModule): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module as never, { logger: ['warn', 'error'], abortOnError: false });
  configureApiApp(app);
  return app;
}

export function configureApiApp(app: INestApplication): void {
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new AppExceptionFilter());
  app.enableShutdownHooks();
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('dondoc status API')
      .setDescription('Plans, steps and their status buckets for the commune and the monitoring body.')
      .setVersion('1')
      .addServer('/', 'This server')
      .build(),
  );
  // Outside systems read with an API token (`npm run -s cli -- token create`); staff use their session cookie.
  finishDocument(doc);
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
}
