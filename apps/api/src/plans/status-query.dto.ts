import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 500;
/** The last page number asked for that is answered (an empty page past the end); a larger one is refused with 422. */
export const MAX_PAGE = 1_000_000;

/** An optional whole-number query parameter from 1 to `max`: anything else (huge, negative, not a number) is 422. */
function WholeNumberParam(name: string, max: number, doc: { description: string; example: number; default?: number }) {
  const refusal = { message: `${name} must be a whole number from 1 to ${max}`, context: { vi: `phải là số nguyên từ 1 đến ${max}` } };
  return applyDecorators(
    ApiPropertyOptional({ ...doc, minimum: 1, maximum: max, type: 'integer' }),
    IsOptional(),
    Type(() => Number),
    IsInt(refusal),
    Min(1, refusal),
    Max(max, refusal),
  );
}

export class StatusQueryDto {
  @ApiPropertyOptional({ description: 'An org unit of the plan: the answer covers it and every unit below it (from the roll-up rows)', example: 'thon_03', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unit?: string;
}

export class StepsPageQueryDto extends StatusQueryDto {
  @WholeNumberParam('page', MAX_PAGE, { description: `Page number, 1 to ${MAX_PAGE}`, example: 1, default: 1 })
  page?: number;

  @WholeNumberParam('pageSize', MAX_PAGE_SIZE, { description: `Steps per page, 1 to ${MAX_PAGE_SIZE}`, example: 100, default: 100 })
  pageSize?: number;
}

/** The status answer's steps: every one (as before) unless `page` or `pageSize` asks for one page of them. */
export class PlanStatusQueryDto extends StatusQueryDto {
  @WholeNumberParam('page', MAX_PAGE, { description: `A page of the steps, 1 to ${MAX_PAGE} (default: every step in one answer, or page 1 when pageSize is given); not with unit`, example: 1 })
  page?: number;

  @WholeNumberParam('pageSize', MAX_PAGE_SIZE, { description: `Steps per page, 1 to ${MAX_PAGE_SIZE} (default 100 when page is given)`, example: 100 })
  pageSize?: number;
}
