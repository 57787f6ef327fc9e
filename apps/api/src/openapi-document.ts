import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { finishDocument } from './common/openapi.js';

/**
 * The OpenAPI document of the api: what /api/docs-json serves and what the web app's typed client is generated from
 * at build time (export-openapi.ts). One function, so the served document and the client never differ.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
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
  return finishDocument(doc);
}
