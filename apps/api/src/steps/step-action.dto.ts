import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength } from 'class-validator';

export class SubmitStepDto {
  @ApiProperty({
    description: 'Evidence note: what was done, where the evidence is',
    example: 'Đã lập dự toán, trình ký ngày 05/4/2023',
    minLength: 1,
    maxLength: 4000,
  })
  @IsString()
  @IsNotEmpty({ message: 'note is required' })
  @MaxLength(4000)
  note: string;

  @ApiPropertyOptional({
    description: 'Evidence links (http or https)',
    example: ['https://drive.example.org/ke-hoach-thon.pdf'],
    type: [String],
    format: 'uri',
    pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
    maxItems: 20,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { each: true, message: 'each link must be an http(s) URL', context: { vi: 'phải là các địa chỉ http(s), mỗi địa chỉ một phần tử' } },
  )
  links?: string[];

  @ApiPropertyOptional({
    description: 'Ids of evidence files uploaded to this step beforehand (POST …/files)',
    type: [String],
    format: 'uuid',
    maxItems: 20,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', {
    each: true,
    message: 'each file id must be a UUID returned by the upload',
    context: { vi: 'phải là các mã tệp (UUID) nhận được khi tải tệp lên' },
  })
  fileIds?: string[];
}

export class ApproveStepDto {
  @ApiPropertyOptional({ description: "The approver's comment", maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
}

export class RejectStepDto {
  @ApiProperty({ description: 'Why the step is returned; required', minLength: 1, maxLength: 4000 })
  @IsString()
  @IsNotEmpty({ message: 'reason is required' })
  @MaxLength(4000)
  reason: string;
}

export class CancelStepDto {
  @ApiProperty({ description: 'Why the step is cancelled; required', minLength: 1, maxLength: 4000 })
  @IsString()
  @IsNotEmpty({ message: 'reason is required' })
  @MaxLength(4000)
  reason: string;
}

export class ReassignStepDto {
  @ApiProperty({ description: 'Role key of the new assignee', example: 'officer_culture', minLength: 1, maxLength: 200 })
  @IsString()
  @IsNotEmpty({ message: 'to is required' })
  @MaxLength(200)
  to: string;

  @ApiProperty({ description: 'Why the step changes hands; required', minLength: 1, maxLength: 4000 })
  @IsString()
  @IsNotEmpty({ message: 'reason is required' })
  @MaxLength(4000)
  reason: string;
}

export class RequestExtensionDto {
  @ApiProperty({
    description: 'The due date asked for, YYYY-MM-DD (local)',
    example: '2023-04-14',
    type: String,
    format: 'date',
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, {
    message: 'until must be a date YYYY-MM-DD',
    context: { vi: 'phải là một ngày viết YYYY-MM-DD (năm-tháng-ngày)' },
  })
  until: string;

  @ApiProperty({ description: 'Why more time is needed; required', minLength: 1, maxLength: 4000 })
  @IsString()
  @IsNotEmpty({ message: 'reason is required' })
  @MaxLength(4000)
  reason: string;
}

export class DecideExtensionDto {
  @ApiProperty({ description: 'true to grant the requested date, false to refuse' })
  @IsBoolean()
  grant: boolean;

  @ApiPropertyOptional({ description: 'A note with the decision', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
}
