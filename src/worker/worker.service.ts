import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '../config/config';
import { APP_LOGGER, AppLogger } from '../common/logging/app-logger';
import { DataSource } from 'typeorm';
import { PERIODIC_TASK, PeriodicTask, PeriodicTaskOptions } from './periodic-task';
import { beat, buryDeadWorkers, HEARTBEAT_INTERVAL_MS, leave, WORKER_ID } from './worker-heartbeat';

interface Loop {
  options: PeriodicTaskOptions;
  task: PeriodicTask;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
}

/**
 * The background worker: finds every provider marked with @RegisterPeriodicTask and runs
 * it in its own loop. Stopping waits for the runs in progress to finish. Every few seconds it
 * writes its heartbeat (worker_heartbeat), which health checks read and which tells other
 * workers that the rows it claimed are still being worked on.
 */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private loops: Loop[] = [];
  private stopping = false;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const buried = await buryDeadWorkers(this.dataSource);
    if (buried) this.logger.info({ buried }, 'removed the heartbeats of workers that stopped');
    await beat(this.dataSource, this.config.processRole);
    this.heartbeat = setInterval(() => {
      beat(this.dataSource, this.config.processRole).catch((err: unknown) =>
        this.logger.warn({ err }, 'could not write the worker heartbeat'),
      );
    }, HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const options = this.reflector.get<PeriodicTaskOptions | undefined>(PERIODIC_TASK, metatype);
      if (options) this.loops.push({ options, task: instance as PeriodicTask });
    }
    if (!this.config.workerAutostart) return;
    for (const loop of this.loops) this.schedule(loop, 0);
    this.logger.info(
      { tasks: this.loops.map((l) => l.options.name), workerId: WORKER_ID },
      'worker started',
    );
  }

  /** Runs every task once, until none has work left; for tests and the CLI. */
  async drain(maxRounds = 100): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      let handled = 0;
      for (const loop of this.loops) handled += await loop.task.runOnce();
      total += handled;
      if (handled === 0) break;
    }
    return total;
  }

  private schedule(loop: Loop, delay: number): void {
    if (this.stopping) return;
    loop.timer = setTimeout(() => {
      loop.running = this.tick(loop);
    }, delay);
  }

  private async tick(loop: Loop): Promise<void> {
    let handled = 0;
    try {
      handled = await loop.task.runOnce();
    } catch (err) {
      this.logger.error({ err, task: loop.options.name }, 'background task failed');
    }
    this.schedule(loop, handled > 0 ? 0 : (loop.options.intervalMs ?? this.config.workerPollMs));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.heartbeat);
    for (const loop of this.loops) clearTimeout(loop.timer);
    await Promise.all(this.loops.map((l) => l.running ?? Promise.resolve()));
    // Nothing of ours is in flight any more: others may claim at once what we held.
    await leave(this.dataSource).catch(() => undefined);
  }
}
