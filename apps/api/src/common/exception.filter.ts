import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { DomainError } from '../../../../libs/domain/src/index.js';
import { HTTP_STATUS } from './http-status.js';

/** Domain errors become their HTTP status with the code; anything unexpected is a 500 with an errorId in the log. */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('HTTP');

  catch(err: unknown, host: ArgumentsHost) {
    const res = host.switchToHttp().getResponse<Response>();
    if (err instanceof DomainError) {
      res.status(HTTP_STATUS[err.code]).json({ code: err.code, message: err.message, ...(err.details ? { errors: err.details } : {}) });
      return;
    }
    if (err instanceof HttpException) {
      const body = err.getResponse();
      res.status(err.getStatus()).json(typeof body === 'string' ? { message: body } : body);
      return;
    }
    const errorId = randomUUID();
    this.log.error(`errorId=${errorId}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    res.status(500).json({ code: 'INTERNAL', message: 'Unexpected error', errorId });
  }
}
