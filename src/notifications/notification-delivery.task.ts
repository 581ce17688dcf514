import { Inject, Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { APP_LOGGER, AppLogger } from '../common/logging/app-logger';
import { PeriodicTask, RegisterPeriodicTask } from '../worker/periodic-task';
import { DELIVERY_POLICY, DeliveryPolicy } from './delivery-policy';
import {
  DeliveryOutcome,
  NotificationDeliveryRepository,
} from './notification-delivery.repository';
import { NotificationDeliveryService } from './notification-delivery.service';

/** An outcome waits at most this long for others to share its UPDATE and commit. */
const WRITE_LINGER_MS = 20;
/** ...or until this many are waiting. */
const WRITE_GROUP = 25;

/**
 * Writes outcomes as they come, in few statements (group commit): an outcome waits at most
 * WRITE_LINGER_MS, or until WRITE_GROUP others joined it, so a message is recorded as sent
 * milliseconds after its server accepted it (not at the end of the batch), while a batch of
 * 100 still costs a handful of statements rather than one per message.
 */
class OutcomeWriter {
  private queue: { outcome: DeliveryOutcome; done: (err?: Error) => void }[] = [];
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  lost = 0;

  constructor(
    private readonly repo: NotificationDeliveryRepository,
    private readonly session: QueryRunner,
  ) {}

  write(outcome: DeliveryOutcome): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ outcome, done: (err) => (err ? reject(err) : resolve()) });
      if (this.queue.length >= WRITE_GROUP) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), WRITE_LINGER_MS);
    });
  }

  /** Takes what is waiting into the next statement; statements run one after another. */
  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0);
    if (!batch.length) return;
    this.writing = this.writing.then(async () => {
      try {
        const written = await this.repo.finish(
          batch.map((b) => b.outcome),
          this.session,
        );
        this.lost += batch.length - written;
        for (const b of batch) b.done();
      } catch (err) {
        for (const b of batch) b.done(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }
}

/**
 * Background delivery of the outbox: claim a batch (several workers share the work), deliver
 * it (render once, send in parallel over the pooled transport) and write each message's
 * outcome as soon as its transport accepted it (not after the batch), under the claim's token.
 */
@RegisterPeriodicTask({ name: 'notification-delivery' })
@Injectable()
export class NotificationDeliveryTask implements PeriodicTask {
  constructor(
    @Inject(DELIVERY_POLICY) private readonly policy: DeliveryPolicy,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly repo: NotificationDeliveryRepository,
    private readonly delivery: NotificationDeliveryService,
  ) {}

  async runOnce(): Promise<number> {
    const claimed = await this.repo.claim(this.policy.batchSize, this.policy.leaseSeconds);
    if (!claimed.length) return 0;
    const session = await this.repo.outcomeSession();
    const writer = new OutcomeWriter(this.repo, session);
    try {
      await this.delivery.deliver(claimed, (outcome) => writer.write(outcome));
    } finally {
      await this.repo.closeOutcomeSession(session);
    }
    if (writer.lost)
      this.logger.warn(
        { lost: writer.lost },
        'outcomes not written: another worker claimed these messages after our lease ran out',
      );
    return claimed.length;
  }
}
