import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { SHIPPED_LANGUAGES } from '../../i18n/languages';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { MESSAGE_KIND_NAMES } from '../message-kinds';
import { NOTIFICATION_STATUSES } from '../notification.entity';

export const DELIVERY_CHANNELS = ['email', 'sms', 'task'] as const;

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES, enumName: 'NotificationStatus' })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: (typeof NOTIFICATION_STATUSES)[number];
  @ApiPropertyOptional({ enum: DELIVERY_CHANNELS, enumName: 'DeliveryChannel' })
  @IsOptional()
  @IsIn(DELIVERY_CHANNELS)
  channel?: (typeof DELIVERY_CHANNELS)[number];
  @ApiPropertyOptional({ enum: MESSAGE_KIND_NAMES, enumName: 'MessageKind' })
  @IsOptional()
  @IsIn(MESSAGE_KIND_NAMES)
  kind?: (typeof MESSAGE_KIND_NAMES)[number];
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() parentId?: string;
  @ApiPropertyOptional({
    enum: SHIPPED_LANGUAGES,
    enumName: 'ShippedLanguage',
    description: 'The language the message was written in',
  })
  @IsOptional()
  @IsIn(SHIPPED_LANGUAGES)
  language?: string;
}
