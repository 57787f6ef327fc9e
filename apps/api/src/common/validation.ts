import { ValidationPipe } from '@nestjs/common';
import { DomainError } from '#libs/domain/src/index.js';
import { flattenValidation } from './field-messages.js';

/** Bad input: 422 with one Vietnamese message per field in `errors`; the English of each in `detail`. */
export const validationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const { vi, en } = flattenValidation(errors);
      const detail = Object.entries(en)
        .map(([path, text]) => `${path}: ${text}`)
        .join('; ');
      return new DomainError('VALIDATION_FAILED', `The request has invalid fields: ${detail}`, vi);
    },
  });
