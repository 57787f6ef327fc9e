import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { COMMUNE_CLASSES, type CommuneClass } from '#libs/domain/src/index.js';

export class CreateAssessmentDto {
  @ApiProperty({
    description:
      "Assessment year: November of the 2nd and 4th year of the five-year plan (2022, 2024, 2027, 2029); another year within the plan's reach is opened with a warning",
    example: 2024,
    type: 'integer',
    minimum: 2019,
    maximum: 2100,
  })
  @IsInt({ message: 'year must be a whole number', context: { vi: 'phải là số nguyên (năm đánh giá)' } })
  @Min(2019)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({
    description: "The commune's class, which decides the pass mark (default: the plan's policy)",
    enum: COMMUNE_CLASSES,
  })
  @IsOptional()
  @IsIn(COMMUNE_CLASSES, {
    message: `communeClass must be one of ${COMMUNE_CLASSES.join(', ')}`,
    context: { vi: `phải là một trong: ${COMMUNE_CLASSES.join(', ')}` },
  })
  communeClass?: CommuneClass;
}

export class SaveAssessmentDto {
  @ApiProperty({
    description: 'Values by indicator id (e.g. {"6.1": 96, "1.2": true}); null clears a value. Indicators left out keep their value.',
    example: { '2.1': 100, '7.1': 98.5 },
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'number', nullable: true }, { type: 'boolean' }] },
  })
  @IsObject({ message: 'values must be an object of indicator id → value', context: { vi: 'phải là một bảng: mã chỉ số → giá trị' } })
  values: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'Evidence by indicator id: files uploaded to the assessment step ({kind:"file", fileId}) or links ({kind:"link", url, label}); replaces the list of each indicator given',
    example: { '2.1': [{ kind: 'link', url: 'https://example.org/so-lieu-ho-tich.pdf', label: 'Số liệu hộ tịch' }] },
    type: 'object',
    additionalProperties: {
      type: 'array',
      maxItems: 20,
      items: {
        oneOf: [
          {
            type: 'object',
            properties: { kind: { type: 'string', enum: ['file'] }, fileId: { type: 'string', format: 'uuid' } },
            required: ['kind', 'fileId'],
          },
          {
            type: 'object',
            properties: {
              kind: { type: 'string', enum: ['link'] },
              url: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2007 },
              label: { type: 'string', maxLength: 200 },
            },
            required: ['kind', 'url'],
          },
        ],
      },
    },
  })
  @IsOptional()
  @IsObject({
    message: 'evidence must be an object of indicator id → list',
    context: { vi: 'phải là một bảng: mã chỉ số → danh sách minh chứng' },
  })
  evidence?: Record<string, unknown>;
}

export class SubmitAssessmentDto {
  @ApiPropertyOptional({
    description: 'A note for the approver, added after the computed total',
    example: 'Đề nghị Phó Chủ tịch xem xét.',
    maxLength: 2000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
