import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from '../../../../libs/domain/src/index.js';

const flatten = (errors: ValidationError[], prefix = ''): Record<string, string> =>
  Object.fromEntries(
    errors.flatMap((e) => {
      // A key with no name (`?=x`) is named by its quotes, so that the message still points somewhere.
      const name = e.property === '' ? '""' : e.property;
      const path = prefix ? `${prefix}.${name}` : name;
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
