import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class ReportCaseDto {
  @ApiProperty({
    description: 'What was reported and what is known, WITHOUT the name or any identifying data of the child',
    example: 'Nhận tin báo qua Tổng đài 111 về nguy cơ xâm hại một trẻ em tại thôn',
    minLength: 1,
    maxLength: 2000,
  })
  @IsString()
  @IsNotEmpty({ message: 'summary is required' })
  @MaxLength(2000)
  summary: string;

  @ApiPropertyOptional({ description: 'Org unit (village) where it happened, e.g. thon_03', example: 'thon_03', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unitId?: string;
}
