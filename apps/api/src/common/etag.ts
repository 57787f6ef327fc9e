import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/** A weak entity tag over whatever the answer depends on. */
export const weakEtag = (parts: unknown): string =>
  `W/"${createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 32)}"`;

/** RFC 9110 §13.1.2: If-None-Match matches by weak comparison (W/ ignored), `*` matches any current answer. */
export function ifNoneMatch(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || opaque(t) === opaque(tag));
}

/**
 * Conditional GET: 304 without building the body when If-None-Match names the current tag (computed cheaply by the
 * caller), else the body as JSON with its tag. Clients are to revalidate every time (Cache-Control: no-cache). A
 * request's own `Cache-Control: no-cache` (fetch adds it to conditional requests) speaks to caches on the way, not to
 * this server, so unlike Express's `req.fresh` it does not turn a match into a full answer.
 */
export async function sendIfNoneMatch(req: Request, res: Response, tag: string, build: () => Promise<unknown>): Promise<void> {
  res.setHeader('Cache-Control', 'no-cache');
  if (ifNoneMatch(req.headers['if-none-match'], tag)) {
    res.setHeader('ETag', tag);
    res.status(304).end();
    return;
  }
  const body = await build();
  res.setHeader('ETag', tag);
  res.json(body);
}

/** sendIfNoneMatch for an answer already written as JSON text (StatusAnswers keeps them by tag). */
export async function sendJsonIfNoneMatch(req: Request, res: Response, tag: string, json: () => Promise<string>): Promise<void> {
  res.setHeader('Cache-Control', 'no-cache');
  if (ifNoneMatch(req.headers['if-none-match'], tag)) {
    res.setHeader('ETag', tag);
    res.status(304).end();
    return;
  }
  const body = await json();
  res.setHeader('ETag', tag);
  res.type('application/json; charset=utf-8').send(body);
}
