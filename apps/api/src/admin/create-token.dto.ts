import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** A new read-only API token, as `token create` of the CLI takes it. */
export class CreateTokenDto {
  @ApiProperty({
    description: 'Who uses it (the outside system), shown in the list',
    example: 'Hệ thống Sở Y tế',
    minLength: 1,
    maxLength: 100,
  })
  @IsString()
  @IsNotEmpty({ message: 'name is required' })
  @MaxLength(100)
  name: string;

  @ApiProperty({
    description: "The unit whose plans it reads: the plan's commune or a unit above it (district, province)",
    example: 'tinh_thanh_hoa',
    minLength: 1,
    maxLength: 100,
    pattern: '^[A-Za-z0-9_.-]+$',
  })
  @IsString()
  @IsNotEmpty({ message: 'unitId is required' })
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9_.-]+$/, {
    message: 'unitId must be a unit id of a loaded plan',
    context: { vi: 'phải là mã một đơn vị của kế hoạch (chữ, số, _ . -)' },
  })
  unitId: string;

  @ApiPropertyOptional({ description: 'Only this plan (default: every plan of the unit)', example: 'HG-2023-BVCSTE', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  planId?: string;

  @ApiPropertyOptional({
    description: 'A local date YYYY-MM-DD (it works through that day) or a number of days such as 90d; default: until revoked',
    example: '2026-12-31',
    maxLength: 10,
    pattern: '^(\\d{4}-\\d{2}-\\d{2}|[1-9]\\d{0,4}d)$',
  })
  @IsOptional()
  @IsString()
  @Matches(/^(\d{4}-\d{2}-\d{2}|[1-9]\d{0,4}d)$/, {
    message: 'expires must be a date YYYY-MM-DD or a number of days such as 90d',
    context: { vi: 'phải là một ngày YYYY-MM-DD hoặc số ngày như 90d' },
  })
  expires?: string;
}
