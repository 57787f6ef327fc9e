import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { buildOpenApiDocument } from './openapi-document.js';

/**
 * Writes the api's OpenAPI document to a file without a database, Temporal or SMTP: Nest's preview mode builds the
 * module graph (controllers, routes, their decorators) but instantiates no provider, so no factory connects to
 * anything. The build (scripts/build-web.mjs) generates the web app's typed client from it.
 * Usage: node dist/apps/api/src/export-openapi.js dist/openapi.json
 */
const out = resolve(process.argv[2] ?? 'dist/openapi.json');
const app = await NestFactory.create(AppModule, { preview: true, abortOnError: false, logger: ['error'] });
const doc = buildOpenApiDocument(app);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
await app.close();
console.log(`OpenAPI document: ${Object.keys(doc.paths).length} paths → ${out}`);
