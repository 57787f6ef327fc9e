import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsObject, IsOptional, IsPositive, Matches, Max, Min } from 'class-validator';

const MODEL_DOC = {
  description: 'The whole plan model (PlanModel: the plan file as JSON)',
  type: 'object',
  additionalProperties: true,
} as const;

/** PUT /api/v1/plan-drafts/:draftId: the whole model and the version it was read at. */
export class SaveDraftDto {
  @ApiProperty({
    description: 'The version the model was read at; another version is refused with 409 DRAFT_CHANGED',
    minimum: 1,
    type: 'integer',
    example: 3,
  })
  @IsInt({ message: 'version must be a whole number', context: { vi: 'phải là số nguyên (phiên bản đã đọc)' } })
  @Min(1, { message: 'version must be at least 1', context: { vi: 'phải từ 1 trở lên' } })
  version: number;

  @ApiProperty({ ...MODEL_DOC, allOf: [{ $ref: '#/components/schemas/PlanModel' }] })
  @IsObject({ message: 'model must be an object', context: { vi: 'phải là một bảng khóa: giá trị (mô hình kế hoạch)' } })
  model: Record<string, unknown>;
}

/** POST /api/v1/plan-drafts/:draftId/validation: an unsaved model. */
export class ValidateDraftDto {
  @ApiProperty({ ...MODEL_DOC, allOf: [{ $ref: '#/components/schemas/PlanModel' }] })
  @IsObject({ message: 'model must be an object', context: { vi: 'phải là một bảng khóa: giá trị (mô hình kế hoạch)' } })
  model: Record<string, unknown>;
}

/** POST /api/v1/plan-drafts/:draftId/start: as the plan start page asks. */
export class StartDraftDto {
  @ApiProperty({
    description: 'real: plan time is real time from now; rehearsal: plan time starts at planStart and runs at speed',
    enum: ['rehearsal', 'real'],
  })
  @IsIn(['rehearsal', 'real'], {
    message: 'mode must be rehearsal or real',
    context: { vi: 'phải là "rehearsal" (diễn tập) hoặc "real" (triển khai thật)' },
  })
  mode: 'rehearsal' | 'real';

  @ApiPropertyOptional({
    description: 'Rehearsal: plan seconds per real second (default 1)',
    example: 86400,
    exclusiveMinimum: true,
    minimum: 0,
    maximum: 10_000_000,
  })
  @IsOptional()
  @IsNumber({}, { message: 'speed must be a number', context: { vi: 'phải là một số dương, không quá 10.000.000' } })
  @IsPositive({ message: 'speed must be positive', context: { vi: 'phải là một số dương, không quá 10.000.000' } })
  @Max(10_000_000, { message: 'speed must be at most 10000000', context: { vi: 'phải là một số dương, không quá 10.000.000' } })
  speed?: number;

  @ApiPropertyOptional({
    description: "Rehearsal: the plan date it starts at (YYYY-MM-DD); default the plan's rehearsal_start",
    type: String,
    format: 'date',
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, {
    message: 'planStart must be a date YYYY-MM-DD',
    context: { vi: 'phải là một ngày viết YYYY-MM-DD (năm-tháng-ngày)' },
  })
  planStart?: string;
}

/** GET …/preview: a page of the dated step instances. */
export class PreviewQueryDto {
  @ApiPropertyOptional({ description: 'Page number (default 1)', minimum: 1, maximum: 1_000_000, type: 'integer', example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number from 1', context: { vi: 'phải là số nguyên từ 1 đến 1000000' } })
  @Min(1, { message: 'page must be at least 1', context: { vi: 'phải là số nguyên từ 1 đến 1000000' } })
  @Max(1_000_000, { message: 'page must be at most 1000000', context: { vi: 'phải là số nguyên từ 1 đến 1000000' } })
  page?: number;

  @ApiPropertyOptional({ description: 'Instances per page (1–500, default 100)', minimum: 1, maximum: 500, type: 'integer', example: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number from 1 to 500', context: { vi: 'phải là số nguyên từ 1 đến 500' } })
  @Min(1, { message: 'pageSize must be at least 1', context: { vi: 'phải là số nguyên từ 1 đến 500' } })
  @Max(500, { message: 'pageSize must be at most 500', context: { vi: 'phải là số nguyên từ 1 đến 500' } })
  pageSize?: number;
}
