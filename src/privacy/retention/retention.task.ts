import { Inject, Injectable } from '@nestjs/common';
import { APP_LOGGER, AppLogger } from '../../common/logging/app-logger';
import { PeriodicTask, RegisterPeriodicTask } from '../../worker/periodic-task';
import { RetentionService } from './retention.service';

/**
 * Runs retention (PRIVACY.md "Retention") every hour; when a run found more parents to
 * erase than one batch, the next run follows at once.
 */
@Injectable()
@RegisterPeriodicTask({ name: 'retention', intervalMs: 60 * 60 * 1000 })
export class RetentionTask implements PeriodicTask {
  constructor(
    private readonly retention: RetentionService,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  async runOnce(): Promise<number> {
    const counts = await this.retention.run();
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total)
      this.logger.info({ retention: counts }, 'retention removed what its time was up for');
    // Only erasures can leave more behind (one batch per run); the rest is done in one go.
    return counts.leftParents + counts.inactiveParents;
  }
}
