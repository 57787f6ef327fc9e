import { Inject, Injectable, mixin, type CallHandler, type ExecutionContext, type NestInterceptor, type Type } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { of, type Observable } from 'rxjs';

/** Multer's limits as the upload routes set them. */
export interface UploadLimits {
  files: number;
  fileSize: number;
  fieldSize?: number;
}

/**
 * Decides, before a byte of the body is read, whether the request may upload: answers the refusal itself (a page)
 * and returns false, or throws (a DomainError: the JSON API's refusal), or returns true.
 */
export interface UploadGate {
  allow(req: Request, res: Response): Promise<boolean>;
}

/** Room for the multipart framing and the small fields (the form token, a name) beside the file and the big field. */
const FRAMING_BYTES = 64 * 1024;

/** The most a multipart body with these limits can weigh; a request that declares more is refused unread. */
export const maxBodyBytes = (l: UploadLimits) => l.fileSize * l.files + (l.fieldSize ?? 0) + FRAMING_BYTES;

/**
 * Multer's FileInterceptor behind a gate: who may upload is decided first (the gate: signed in, the right role for the
 * plan or step), then a body that declares more than the limits allow is refused unread (413), and only then is the
 * file read — a refused request costs no buffering and no parsing. Guards would run first too, but the pages answer
 * with their own refusal page; an interceptor that does not call the handler leaves the route's @Res() unanswered
 * only when the gate answered.
 */
export function GatedFileInterceptor(
  field: string,
  limits: UploadLimits,
  gate: Type<UploadGate>,
  tooLarge: (req: Request, res: Response, max: number) => void,
): Type<NestInterceptor> {
  const Multer = FileInterceptor(field, { limits });
  @Injectable()
  class Gated implements NestInterceptor {
    private readonly multer = new Multer();
    constructor(@Inject(gate) private readonly gate: UploadGate) {}

    async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = ctx.switchToHttp().getRequest<Request>();
      const res = ctx.switchToHttp().getResponse<Response>();
      if (!(await this.gate.allow(req, res))) return of(undefined);
      const declared = Number(req.headers['content-length']);
      const max = maxBodyBytes(limits);
      if (Number.isFinite(declared) && declared > max) {
        tooLarge(req, res, max);
        return of(undefined);
      }
      return this.multer.intercept(ctx, next) as Promise<Observable<unknown>>;
    }
  }
  return mixin(Gated);
}
