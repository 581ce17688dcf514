import { Inject, Injectable } from '@nestjs/common';
import { PeriodicTask, RegisterPeriodicTask } from '../worker/periodic-task';
import { DELIVERY_POLICY, DeliveryPolicy } from './delivery-policy';
import { NotificationDeliveryRepository } from './notification-delivery.repository';
import { NotificationDeliveryService } from './notification-delivery.service';

/**
 * Background delivery of the outbox: claim a batch (several workers share the work), deliver
 * it (render once, send in parallel over the pooled transport), mark all outcomes at once.
 */
@RegisterPeriodicTask({ name: 'notification-delivery' })
@Injectable()
export class NotificationDeliveryTask implements PeriodicTask {
  constructor(
    @Inject(DELIVERY_POLICY) private readonly policy: DeliveryPolicy,
    private readonly repo: NotificationDeliveryRepository,
    private readonly delivery: NotificationDeliveryService,
  ) {}

  async runOnce(): Promise<number> {
    const claimed = await this.repo.claim(this.policy.batchSize, this.policy.leaseSeconds);
    if (!claimed.length) return 0;
    const outcomes = await this.delivery.deliver(claimed);
    await this.repo.finish(outcomes);
    return claimed.length;
  }
}
