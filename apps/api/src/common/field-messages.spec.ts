// The api's own validation pipe over its real DTOs: each refused field gets a Vietnamese text naming it, the
// English of class-validator goes to the error's message (the answer's `detail`).
import { describe, expect, it } from '@jest/globals';
import type { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '#libs/domain/src/index.js';
import { StartRunDto } from '../plans/start-run.dto.js';
import { StepsPageQueryDto } from '../plans/status-query.dto.js';
import { RequestExtensionDto, SubmitStepDto } from '../steps/step-action.dto.js';
import { fieldMessage, fieldMessageVi } from './field-messages.js';
import { validationPipe } from './validation.js';

const refusal = async (
  metatype: ArgumentMetadata['metatype'],
  value: unknown,
  type: ArgumentMetadata['type'] = 'body',
): Promise<DomainError> => {
  try {
    await validationPipe().transform(value, { type, metatype });
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error(`accepted: ${JSON.stringify(value)}`);
};

describe('per-field messages in Vietnamese', () => {
  it('names an empty required field and keeps the English in the message', async () => {
    const err = await refusal(SubmitStepDto, { note: '' });
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details).toEqual({ note: 'Trường "note" không được để trống.' });
    expect(err.message).toBe('The request has invalid fields: note: note is required');
  });

  it('tells a missing field only that it is required, and a value of the wrong type only its type', async () => {
    const missing = await refusal(SubmitStepDto, {});
    expect(missing.details).toEqual({ note: 'Trường "note" không được để trống.' });
    expect(missing.message).toContain('note must be shorter than or equal to 4000 characters'); // the English keeps all
    expect((await refusal(SubmitStepDto, { note: 42 })).details).toEqual({ note: 'Trường "note" phải là chuỗi ký tự.' });
    expect((await refusal(StartRunDto, { speed: 'nhanh' })).details).toEqual({ speed: 'Trường "speed" phải là một số.' });
  });

  it('gives the limit of a length, a maximum and an array size', async () => {
    expect((await refusal(SubmitStepDto, { note: 'x'.repeat(4001) })).details).toEqual({ note: 'Trường "note" dài tối đa 4000 ký tự.' });
    expect((await refusal(StartRunDto, { speed: 20_000_000 })).details).toEqual({ speed: 'Trường "speed" không được lớn hơn 10000000.' });
    const links = Array.from({ length: 21 }, (_, i) => `https://example.org/${i}`);
    expect((await refusal(SubmitStepDto, { note: 'x', links })).details).toEqual({ links: 'Trường "links" có tối đa 20 phần tử.' });
  });

  it("uses a decorator's own Vietnamese where its English says more than the constraint", async () => {
    expect((await refusal(StepsPageQueryDto, { pageSize: '600' }, 'query')).details).toEqual({
      pageSize: 'Trường "pageSize" phải là số nguyên từ 1 đến 500.',
    });
    expect((await refusal(RequestExtensionDto, { until: '14/04/2023', reason: 'x' })).details).toEqual({
      until: 'Trường "until" phải là một ngày viết YYYY-MM-DD (năm-tháng-ngày).',
    });
    expect((await refusal(SubmitStepDto, { note: 'x', links: ['ftp://x.example.org'] })).details).toEqual({
      links: 'Trường "links" phải là các địa chỉ http(s), mỗi địa chỉ một phần tử.',
    });
  });

  it('refuses an unknown field by its name, and several faults of one field once each', async () => {
    const err = await refusal(SubmitStepDto, { note: 'x', extra: 1 });
    expect(err.details).toEqual({ extra: 'Trường "extra" không phải trường của yêu cầu này.' });
    expect(err.message).toContain('property extra should not exist');
    const both = await refusal(StepsPageQueryDto, { page: '0.5' }, 'query');
    expect(both.details).toEqual({ page: 'Trường "page" phải là số nguyên từ 1 đến 1000000.' });
  });

  it('refuses a page number out of range (huge, negative, not a number) with a Vietnamese text, never reaching the database', async () => {
    for (const page of ['99999999999999999999', '1e400', '-1', '0', 'NaN', 'abc', '', '1000001']) {
      expect({ page, details: (await refusal(StepsPageQueryDto, { page }, 'query')).details }).toEqual({
        page,
        details: { page: 'Trường "page" phải là số nguyên từ 1 đến 1000000.' },
      });
    }
  });

  it('keeps the English of a constraint it has no text for, and ends every text with one full stop', () => {
    expect(fieldMessageVi('x', { isOdd: 'x must be odd' })).toBe('Trường "x" không hợp lệ (x must be odd).');
    expect(fieldMessage('body', 'không dùng được: Nội dung gửi lên quá lớn. Không có gì thay đổi.')).toBe(
      'Trường "body" không dùng được: Nội dung gửi lên quá lớn. Không có gì thay đổi.',
    );
  });
});
