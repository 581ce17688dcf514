import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { WorkerService } from './worker.service';

/** Present only in processes that run background work (PROCESS_ROLE=all or worker). */
@Module({ imports: [DiscoveryModule], providers: [WorkerService], exports: [WorkerService] })
export class WorkerModule {}
