import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LinkTokensService } from './link-tokens.service';
import { Notification } from './notification.entity';
import { OutboxService } from './outbox.service';
import { ParentLink } from './parent-link.entity';
import { PayloadRefsService } from './payload-refs.service';
import { ShortCodesService } from './short-codes.service';

/**
 * What other areas need to send messages: writing to the outbox, creating parent links and
 * their short codes (typed from a printed letter at /c).
 * Delivery (rendering, transports, the worker) lives in NotificationsModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Notification, ParentLink])],
  providers: [OutboxService, LinkTokensService, ShortCodesService, PayloadRefsService],
  exports: [OutboxService, LinkTokensService, ShortCodesService, PayloadRefsService],
})
export class NotificationsCoreModule {}
