import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from '../../../../libs/domain/src/index.js';

const flatten = (errors: ValidationError[], prefix = ''): Record<string, string> =>
  Object.fromEntries(
    errors.flatMap((e) => {
      const path = prefix ? `${prefix}.${e.property}` : e.property;
      const own = e.constraints ? [[path, Object.values(e.constraints).join('; ')] as [string, string]] : [];
      return [...own, ...Object.entries(flatten(e.children ?? [], path))];
    }),
  );

/** Bad input: 422 with one message per field. */
export const validationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new DomainError('VALIDATION_FAILED', 'The request has invalid fields', flatten(errors)),
  });
