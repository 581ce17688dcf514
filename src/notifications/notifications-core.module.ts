import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LinkTokensService } from './link-tokens.service';
import { Notification } from './notification.entity';
import { OutboxService } from './outbox.service';
import { ParentLink } from './parent-link.entity';

/**
 * What other areas need to send messages: writing to the outbox and creating parent links.
 * Delivery (rendering, transports, the worker) lives in NotificationsModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Notification, ParentLink])],
  providers: [OutboxService, LinkTokensService],
  exports: [OutboxService, LinkTokensService],
})
export class NotificationsCoreModule {}
