import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { DomainError, RetryLaterError } from '#libs/domain/src/index.js';
import { authOf } from '../auth/session.js';
import { renderView, userOf } from '../web/views.js';
import { ERROR_MESSAGES_VI, ERROR_PAGE_TITLE_VI, messageForStatus } from './error-messages.js';
import { fieldMessage } from './field-messages.js';
import { HTTP_STATUS } from './http-status.js';

/** What a refused request is answered: `{ code, message (Vietnamese), detail?, errors? (per field) }` and more. */
interface Answer {
  status: number;
  body: { code: string; message: string; detail?: string; errors?: Record<string, string>; [k: string]: unknown };
}

const VI = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

/** The error an HttpException of the HTTP layer wraps: body-parser's (`type`), multer's (`code`, `field`), busboy's. */
interface Cause {
  type?: string;
  code?: string;
  field?: string;
}

/** An HttpException as an answer: the field, header or part at fault named in `errors`. */
function fromHttpException(err: HttpException): Answer {
  const status = err.getStatus();
  const response = err.getResponse();
  // Refusals made here already carry their code and Vietnamese message (the access guard's).
  if (typeof response === 'object' && response !== null && typeof (response as { code?: unknown }).code === 'string') {
    return { status, body: response as Answer['body'] };
  }
  const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const detail = Array.isArray(raw) ? raw.join('; ') : String(raw ?? err.message);
  const cause = (err.cause ?? {}) as Cause;
  const answer = (code: string, where?: string, message = messageForStatus(status)): Answer => ({
    status,
    // The field's text is the Vietnamese message; the parser's English stays in `detail`.
    body: { code, message, detail, ...(where ? { errors: { [where]: fieldMessage(where, `không dùng được: ${message}`) } } : {}) },
  });
  switch (cause.type) {
    case 'entity.parse.failed':
      return answer('BODY_INVALID', 'body', 'Nội dung gửi lên không đọc được (JSON hoặc biểu mẫu sai cú pháp). Không có gì thay đổi.');
    case 'entity.too.large':
    case 'parameters.too.many':
      return answer('BODY_TOO_LARGE', 'body');
    case 'entity.verify.failed':
    case 'request.size.invalid':
    case 'request.aborted':
      return answer('BODY_INVALID', 'body');
    case 'charset.unsupported':
      return answer('UNSUPPORTED_MEDIA_TYPE', 'content-type');
    case 'encoding.unsupported':
      return answer('UNSUPPORTED_MEDIA_TYPE', 'content-encoding');
  }
  // Express could not decode a path parameter (`%E0%A4%A`, `%zz`).
  if (status === 400 && detail.startsWith('Failed to decode param'))
    return answer('PATH_INVALID', 'path', 'Đường dẫn có mã hóa phần trăm (%) không hợp lệ. Không có gì thay đổi.');
  if (typeof cause.code === 'string' && cause.code.startsWith('LIMIT_')) return answer('UPLOAD_INVALID', cause.field || 'file');
  // A body that could not be read as its Content-Encoding says (gzip that is not gzip).
  if (typeof cause.code === 'string' && cause.code.startsWith('Z_')) return answer('BODY_INVALID', 'content-encoding');
  if (detail.startsWith('Multipart:') || detail.startsWith('Unsupported content type') || detail.startsWith('Boundary not found'))
    return answer('UPLOAD_INVALID', 'body');
  if (status === 404 && /^Cannot [A-Z]+ /.test(detail)) return answer('ROUTE_NOT_FOUND', 'path');
  if (status === 415) return answer('UNSUPPORTED_MEDIA_TYPE', 'content-type');
  // An exception thrown with a Vietnamese text (the mailbox's) keeps it.
  return answer(status === 404 ? 'NOT_FOUND' : `HTTP_${status}`, undefined, VI.test(detail) ? detail : messageForStatus(status));
}

/**
 * Every refusal is `{ code, message }` with a Vietnamese message: domain errors with their HTTP status and English
 * detail, the HTTP layer's own (unknown route, unreadable or too large body, bad upload) with the field, header or
 * part at fault in `errors`. Pages (outside /api and /health) get it as a Vietnamese page instead of JSON. Anything
 * unexpected is a 500 with an errorId in the log.
 */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('HTTP');

  catch(err: unknown, host: ArgumentsHost) {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    let a: Answer;
    if (err instanceof DomainError) {
      a = {
        status: HTTP_STATUS[err.code],
        body: {
          code: err.code,
          message: ERROR_MESSAGES_VI[err.code] ?? messageForStatus(HTTP_STATUS[err.code]),
          detail: err.message,
          ...(err.details ? { errors: err.details } : {}),
        },
      };
      if (err instanceof RetryLaterError && !res.headersSent) {
        res.setHeader('Retry-After', String(err.retryAfterSeconds));
        a.body.retryAfterSeconds = err.retryAfterSeconds;
      }
    } else if (err instanceof HttpException) {
      a = fromHttpException(err);
    } else {
      const errorId = randomUUID();
      this.log.error(`errorId=${errorId}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      a = { status: 500, body: { code: 'INTERNAL', message: `Lỗi không mong đợi; xin thử lại sau (mã lỗi ${errorId}).`, errorId } };
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
    if (/^\/(api|health)(\/|$)/.test(path)) {
      res.status(a.status).json(a.body);
      return;
    }
    const fields = Object.entries(a.body.errors ?? {});
    res
      .status(a.status)
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .send(
        renderView('message', {
          title: ERROR_PAGE_TITLE_VI,
          message: a.body.message,
          error: true,
          code: a.body.code,
          ...userOf(authOf(req), path),
          fields: fields.map(([k, v]) => (String(v).includes(`"${k}"`) ? { text: String(v) } : { name: k, text: String(v) })),
        }),
      );
  }
}
