import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '#libs/config/src/index.js';
import { AppExceptionFilter } from './common/exception.filter.js';
import { securityHeaders } from './common/security-headers.js';
import { webApp } from './common/web-app.js';
import { validationPipe } from './common/validation.js';
import { setViewsDevBanner } from './web/views.js';
import { AppModule } from './app.module.js';
import { buildOpenApiDocument } from './openapi-document.js';

/**
 * The api's HTTP timeouts. An idle keep-alive connection is closed after KEEP_ALIVE_TIMEOUT_MS — longer than the
 * 60 s idle timeout of the usual reverse proxies (nginx, load balancers), so the proxy, not dondoc, closes first and
 * never sends a request on a socket dondoc has just closed (ECONNRESET). The headers of a request must arrive within
 * HEADERS_TIMEOUT_MS (above the keep-alive timeout, as Node requires), the whole request (an upload over a slow
 * village connection included) within REQUEST_TIMEOUT_MS.
 */
export const HTTP_TIMEOUTS = { keepAliveTimeoutMs: 65_000, headersTimeoutMs: 66_000, requestTimeoutMs: 300_000 } as const;

/** Builds the HTTP app (used by main and by the tests). */
export async function createApiApp(module: unknown = AppModule): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module as never, { logger: ['warn', 'error'], abortOnError: false });
  configureApiApp(app);
  return app;
}

export function configureApiApp(app: INestApplication): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  const express = app.getHttpAdapter().getInstance() as { disable(name: string): void };
  express.disable('x-powered-by');
  // First of all, so that every answer carries them: pages, API, docs, static files, errors, unknown paths.
  app.use(securityHeaders(config.baseUrl));
  // The web app (dist/web) at /app/, before any route.
  app.use(webApp());
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = HTTP_TIMEOUTS.keepAliveTimeoutMs;
  server.headersTimeout = HTTP_TIMEOUTS.headersTimeoutMs;
  server.requestTimeout = HTTP_TIMEOUTS.requestTimeoutMs;
  // With the development switch on, every page says so.
  setViewsDevBanner(config.actorHeader);
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new AppExceptionFilter());
  app.enableShutdownHooks();
  // Built on the first request for the docs (then kept), not as the api starts: ≈ 130 ms of CPU off every start.
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}
