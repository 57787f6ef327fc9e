import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 500;
/** The last page number asked for that is answered (an empty page past the end); a larger one is refused with 422. */
export const MAX_PAGE = 1_000_000;

export class StatusQueryDto {
  @ApiPropertyOptional({ description: 'An org unit of the plan: the answer covers it and every unit below it (from the roll-up rows)', example: 'thon_03', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unit?: string;
}

export class StepsPageQueryDto extends StatusQueryDto {
  @ApiPropertyOptional({ description: `Page number, 1 to ${MAX_PAGE}`, example: 1, default: 1, minimum: 1, maximum: MAX_PAGE, type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `page must be a whole number from 1 to ${MAX_PAGE}`, context: { vi: `phải là số nguyên từ 1 đến ${MAX_PAGE}` } })
  @Min(1, { message: `page must be a whole number from 1 to ${MAX_PAGE}`, context: { vi: `phải là số nguyên từ 1 đến ${MAX_PAGE}` } })
  @Max(MAX_PAGE, { message: `page must be a whole number from 1 to ${MAX_PAGE}`, context: { vi: `phải là số nguyên từ 1 đến ${MAX_PAGE}` } })
  page?: number;

  @ApiPropertyOptional({ description: `Steps per page, 1 to ${MAX_PAGE_SIZE}`, example: 100, default: 100, minimum: 1, maximum: MAX_PAGE_SIZE, type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}`, context: { vi: `phải là số nguyên từ 1 đến ${MAX_PAGE_SIZE}` } })
  @Min(1, { message: `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}`, context: { vi: `phải là số nguyên từ 1 đến ${MAX_PAGE_SIZE}` } })
  @Max(MAX_PAGE_SIZE, { message: `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}`, context: { vi: `phải là số nguyên từ 1 đến ${MAX_PAGE_SIZE}` } })
  pageSize?: number;
}

/** The status answer's steps: every one (as before) unless `page` or `pageSize` asks for one page of them. */
export class PlanStatusQueryDto extends StatusQueryDto {
  @ApiPropertyOptional({ description: `A page of the steps, 1 to ${MAX_PAGE} (default: every step in one answer, or page 1 when pageSize is given); not with unit`, example: 1, minimum: 1, maximum: MAX_PAGE, type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `page must be a whole number from 1 to ${MAX_PAGE}`, context: { vi: `phải là số nguyên từ 1 đến ${MAX_PAGE}` } })
  @Min(1, { message: `page must be a whole number from 1 to ${MAX_PAGE}`, context: { vi: `phải là số nguyên từ 1 đến ${MAX_PAGE}` } })
  @Max(MAX_PAGE, { message: `page must be a whole number from 1 to ${MAX_PAGE}`, context: { vi: `phải là số nguyên từ 1 đến ${MAX_PAGE}` } })
  page?: number;

  @ApiPropertyOptional({ description: `Steps per page, 1 to ${MAX_PAGE_SIZE} (default 100 when page is given)`, example: 100, minimum: 1, maximum: MAX_PAGE_SIZE, type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}`, context: { vi: `phải là số nguyên từ 1 đến ${MAX_PAGE_SIZE}` } })
  @Min(1, { message: `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}`, context: { vi: `phải là số nguyên từ 1 đến ${MAX_PAGE_SIZE}` } })
  @Max(MAX_PAGE_SIZE, { message: `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}`, context: { vi: `phải là số nguyên từ 1 đến ${MAX_PAGE_SIZE}` } })
  pageSize?: number;
}
