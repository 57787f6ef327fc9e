import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { fieldMessage, invalidFields } from './field-messages.js';

const NUL = '\u0000';

/** Deeper JSON is refused: no request of the api nests more than a few levels, and the validation recurses. */
export const MAX_DEPTH = 32;

const NUL_REFUSED: [string, string] = ['must not contain the NUL character (U+0000)', 'không được chứa ký tự NUL (U+0000)'];

/** The first place in `v` (a parsed query or body) that is refused, as a field path and why (English, Vietnamese). */
function badAt(v: unknown, path: string, depth = 0): [string, string, string] | undefined {
  if (typeof v === 'string') return v.includes(NUL) ? [path || 'body', ...NUL_REFUSED] : undefined;
  if (v === null || typeof v !== 'object') return undefined;
  if (depth >= MAX_DEPTH)
    return [path || 'body', `must not nest more than ${MAX_DEPTH} levels deep`, `không được lồng sâu quá ${MAX_DEPTH} cấp`];
  for (const [key, x] of Object.entries(v)) {
    // A nameless key (`?=x`) is named as the validation names it.
    const k = key === '' ? '""' : key;
    const at = path ? `${path}.${k}` : k;
    if (k.includes(NUL)) return [at, ...NUL_REFUSED];
    const found = badAt(x, at, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Refused before any other guard or handler reads it, with VALIDATION_FAILED naming the parameter or field: a path
 * parameter, query value or JSON/form field holding the NUL character (`%00`, `\u0000`), which PostgreSQL text cannot
 * hold (it failed there as a 500, or would as an activity retrying for ever); a body nested deeper than MAX_DEPTH
 * (class-transformer overflowed the stack on 3,000 levels: a 500). Registered as the first APP_GUARD.
 */
@Injectable()
export class InputGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    const bad = badAt(req.params ?? {}, '') ?? badAt(req.query ?? {}, '') ?? badAt(req.body, '');
    if (bad) throw invalidFields({ [bad[0]]: fieldMessage(bad[0], bad[2]) }, `${bad[0]} ${bad[1]}`);
    return true;
  }
}
