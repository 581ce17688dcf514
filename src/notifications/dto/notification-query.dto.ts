import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { SHIPPED_LANGUAGES } from '../../i18n/languages';
import { MESSAGE_KIND_NAMES } from '../message-kinds';
import { NOTIFICATION_STATUSES } from '../notification.entity';

export const DELIVERY_CHANNELS = ['email', 'sms', 'task'] as const;

export class PageQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: (typeof NOTIFICATION_STATUSES)[number];
  @ApiPropertyOptional({ enum: DELIVERY_CHANNELS })
  @IsOptional()
  @IsIn(DELIVERY_CHANNELS)
  channel?: (typeof DELIVERY_CHANNELS)[number];
  @ApiPropertyOptional({ enum: MESSAGE_KIND_NAMES })
  @IsOptional()
  @IsIn(MESSAGE_KIND_NAMES)
  kind?: (typeof MESSAGE_KIND_NAMES)[number];
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() parentId?: string;
  @ApiPropertyOptional({
    enum: SHIPPED_LANGUAGES,
    description: 'The language the message was written in',
  })
  @IsOptional()
  @IsIn(SHIPPED_LANGUAGES)
  language?: string;
}
