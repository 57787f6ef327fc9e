import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy, type ValidationOptions } from 'class-validator';
import { isIsoDate } from '#libs/domain/src/index.js';

/** A real calendar date written YYYY-MM-DD (2023-02-30 is refused). */
const IsLocalDate = (o?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isLocalDate',
      validator: { validate: (v) => isIsoDate(v), defaultMessage: (a) => `${a?.property} must be a date YYYY-MM-DD` },
    },
    o,
  );

export class ResultReportQueryDto {
  @ApiPropertyOptional({ description: "First day of the period (YYYY-MM-DD, plan time); default the run's start", example: '2023-03-23' })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Last day of the period (YYYY-MM-DD, plan time); default today in plan time', example: '2023-06-30' })
  @IsOptional()
  @IsLocalDate()
  to?: string;
}
