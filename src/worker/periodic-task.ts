import { SetMetadata } from '@nestjs/common';

export const PERIODIC_TASK = Symbol('PERIODIC_TASK');

export interface PeriodicTaskOptions {
  /** Stable name for logs. */
  name: string;
  /** How often to run when the last run found nothing to do. */
  intervalMs?: number;
}

/**
 * A unit of background work a worker process runs again and again (deliver messages,
 * send reminders, expire tokens). The implementation must be safe to run in several
 * worker processes at once (claim rows with FOR UPDATE SKIP LOCKED) and returns how many
 * items it handled, so the loop can continue at once when there is more.
 */
export interface PeriodicTask {
  runOnce(): Promise<number>;
}

export const RegisterPeriodicTask = (options: PeriodicTaskOptions): ClassDecorator =>
  SetMetadata(PERIODIC_TASK, options);
