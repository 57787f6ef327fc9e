import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG, DEFAULT_RATE_LIMIT_PER_MIN, type AppConfig } from '#libs/config/src/index.js';
import { fill, vi } from '../i18n/vi.js';

export type Take = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/**
 * One token bucket per client: `perMinute` tokens at most, refilled evenly (perMinute / 60 per second); a request
 * takes one. A burst of a whole minute's allowance passes, a steady rate above it does not. Buckets idle long enough
 * to be full again are forgotten once there are many.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxClients = 10_000,
  ) {
    this.perMs = perMinute / 60_000;
  }

  take(client: string): Take {
    const now = this.now();
    const b = this.buckets.get(client) ?? { tokens: this.perMinute, at: now };
    const tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * this.perMs);
    if (tokens < 1) {
      this.buckets.set(client, { tokens, at: now });
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
    }
    if (!this.buckets.has(client) && this.buckets.size >= this.maxClients) this.forgetFull(now);
    this.buckets.set(client, { tokens: tokens - 1, at: now });
    return { ok: true, remaining: Math.floor(tokens - 1) };
  }

  private forgetFull(now: number) {
    for (const [k, b] of this.buckets) if (b.tokens + (now - b.at) * this.perMs >= this.perMinute) this.buckets.delete(k);
  }
}

/** 429 with Retry-After and a Vietnamese message once a client (by IP address) exceeds APP_RATE_LIMIT_PER_MIN. */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  private readonly buckets: TokenBuckets;
  private readonly limit: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limit = config.rateLimitPerMin ?? DEFAULT_RATE_LIMIT_PER_MIN;
    this.buckets = new TokenBuckets(this.limit);
  }

  use(req: Request, res: Response, next: NextFunction) {
    const r = this.buckets.take(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    res.setHeader('RateLimit-Limit', String(this.limit));
    if (r.ok) {
      res.setHeader('RateLimit-Remaining', String(r.remaining));
      next();
      return;
    }
    res.setHeader('RateLimit-Remaining', '0');
    res.setHeader('Retry-After', String(r.retryAfterSeconds));
    res.status(429).json({
      code: 'RATE_LIMITED',
      message: fill(vi.rateLimit.message, { seconds: r.retryAfterSeconds }),
      retryAfterSeconds: r.retryAfterSeconds,
    });
  }
}
