import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsPositive, Matches, Max } from 'class-validator';

export class StartRunDto {
  @ApiPropertyOptional({ description: 'Plan seconds per real second (1 = real pace; 86400 = one plan day per second)', example: 1, default: 1, exclusiveMinimum: true, minimum: 0, maximum: 10_000_000 })
  @IsOptional()
  @IsNumber()
  @IsPositive()
  @Max(10_000_000)
  speed?: number;

  @ApiPropertyOptional({ description: "Plan date the run starts at (YYYY-MM-DD); default the plan's rehearsal_start", example: '2023-03-23', type: String, format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'planStart must be a date YYYY-MM-DD', context: { vi: 'phải là một ngày viết YYYY-MM-DD (năm-tháng-ngày)' } })
  planStart?: string;
}
