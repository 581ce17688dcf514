import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DEFAULT_DELIVERY_POLICY, DELIVERY_POLICY, DeliveryPolicy } from './delivery-policy';
import { MessageRenderer } from './message-renderer';
import { NotificationDeliveryRepository } from './notification-delivery.repository';
import { NotificationDeliveryService } from './notification-delivery.service';
import { NotificationDeliveryTask } from './notification-delivery.task';
import { NotificationQueriesService } from './notification-queries.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsCoreModule } from './notifications-core.module';
import { PrintedMessages } from './printed-messages';
import { createTransports } from './transports/transport.factory';
import { MESSAGE_TRANSPORTS, MessageTransports } from './transports/message-transport';

/**
 * Delivery of the outbox: rendering, transports (SMTP or .eml files, SMS), the worker task,
 * and the staff API on messages and tasks. Enqueueing lives in NotificationsCoreModule.
 */
@Module({
  imports: [NotificationsCoreModule],
  controllers: [NotificationsController],
  providers: [
    {
      provide: DELIVERY_POLICY,
      useFactory: (): DeliveryPolicy => ({ ...DEFAULT_DELIVERY_POLICY }),
    },
    {
      provide: MESSAGE_TRANSPORTS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): MessageTransports => createTransports(config),
    },
    MessageRenderer,
    PrintedMessages,
    NotificationDeliveryRepository,
    NotificationDeliveryService,
    NotificationDeliveryTask,
    NotificationQueriesService,
  ],
  exports: [MessageRenderer, PrintedMessages, NotificationQueriesService, MESSAGE_TRANSPORTS],
})
export class NotificationsModule implements OnApplicationShutdown {
  constructor(@Inject(MESSAGE_TRANSPORTS) private readonly transports: MessageTransports) {}

  /** Runs after the worker loops stopped: close the SMTP pool. */
  async onApplicationShutdown(): Promise<void> {
    await this.transports.email.close?.();
    await this.transports.sms.close?.();
  }
}
