import { ApiProperty } from '@nestjs/swagger';
import { MESSAGE_KIND_NAMES } from '../message-kinds';
import { Notification, NOTIFICATION_STATUSES } from '../notification.entity';
import { TASK_OUTCOMES } from '../task-outcome';
import { DELIVERY_CHANNELS } from './notification-query.dto';

export class NotificationSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MESSAGE_KIND_NAMES, enumName: 'MessageKind' }) kind!: string;
  @ApiProperty({ nullable: true, type: String }) parentId!: string | null;
  @ApiProperty({ enum: NOTIFICATION_STATUSES, enumName: 'NotificationStatus' }) status!: string;
  @ApiProperty({
    enum: DELIVERY_CHANNELS,
    enumName: 'DeliveryChannel',
    nullable: true,
  })
  channel!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The language actually used' })
  language!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'E-mail address or phone; for a task, why it became one',
  })
  recipient!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt!: Date | null;
  @ApiProperty({
    format: 'date-time',
    description: 'When the next attempt is due (pending, failed)',
  })
  nextAttemptAt!: Date;
}

export class NotificationDetailDto extends NotificationSummaryDto {
  @ApiProperty({ nullable: true, type: String }) subject!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The text as sent, or a preview when not sent yet',
  })
  bodyText!: string | null;
  @ApiProperty({ nullable: true, type: String }) bodyHtml!: string | null;
  @ApiProperty({
    enum: ['stored', 'preview'],
    enumName: 'NotificationTextSource',
    description: 'stored: what was sent (or the task); preview: rendered now',
  })
  rendering!: 'stored' | 'preview';
  @ApiProperty({ nullable: true, type: String }) messageId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) taskDoneAt!: Date | null;
  @ApiProperty({
    enum: TASK_OUTCOMES,
    enumName: 'TaskOutcome',
    nullable: true,
    description:
      'How the task ended: what the parent said, letter_given, no_answer …; answered / no_longer_needed when it closed by itself',
  })
  taskOutcome!: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationSummaryDto] }) items!: NotificationSummaryDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

export class TaskDto {
  @ApiProperty({ description: 'The notification id' }) id!: string;
  @ApiProperty({ enum: MESSAGE_KIND_NAMES, enumName: 'MessageKind' }) kind!: string;
  @ApiProperty({ nullable: true, type: String }) parentId!: string | null;
  @ApiProperty({ nullable: true, type: String }) parentName!: string | null;
  @ApiProperty({ nullable: true, type: String }) language!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'What to do, in Dutch' }) title!:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why this became a task' }) reason!:
    string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
}

export class TaskPageDto {
  @ApiProperty({ type: [TaskDto] }) items!: TaskDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

export function toSummary(n: Notification): NotificationSummaryDto {
  return {
    id: n.id,
    kind: n.kind,
    parentId: n.parentId,
    status: n.status,
    channel: n.channel,
    language: n.language,
    attempts: n.attempts,
    lastError: n.lastError,
    recipient: n.recipient,
    createdAt: n.createdAt,
    sentAt: n.sentAt,
    nextAttemptAt: n.nextAttemptAt,
  };
}
