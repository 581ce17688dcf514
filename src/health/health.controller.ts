import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/access.decorators';
import { DomainError } from '../common/errors/domain-error';
import { ProblemDto } from '../common/http/problem';
import { APP_CONFIG, AppConfig } from '../config/config';
import { HEARTBEAT_STALE_SECONDS, WORKER_ID, workerBeats } from '../worker/worker-heartbeat';

class HealthDto {
  @ApiProperty({ example: 'ok' }) status!: 'ok';
}

class ReadinessDto extends HealthDto {
  @ApiProperty({ example: 'up' }) database!: 'up';
}

class WorkersDto extends HealthDto {
  @ApiProperty({ description: 'Worker processes whose heartbeat is recent', example: 2 })
  workers!: number;
  @ApiProperty({ description: 'Seconds since the most recent heartbeat', example: 0.8 })
  lastBeatSecondsAgo!: number;
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @HttpCode(200)
  @ApiOkResponse({ type: HealthDto, description: 'The process is alive.' })
  live(): HealthDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary:
      "Readiness: the database answers (and this process's own worker, when it runs one, beats)",
  })
  @ApiOkResponse({
    type: ReadinessDto,
    description: 'The process is alive and its database answers.',
  })
  @ApiServiceUnavailableResponse({
    type: ProblemDto,
    description: "The database cannot be reached, or this process's worker stopped beating.",
  })
  async ready(): Promise<ReadinessDto> {
    let beats: Awaited<ReturnType<typeof workerBeats>>;
    try {
      beats = await workerBeats(this.dataSource);
    } catch {
      throw new DomainError(
        'unavailable',
        'health.database_down',
        'The database cannot be reached.',
      );
    }
    if (this.config.processRole !== 'api') {
      const own = beats.find((b) => b.id === WORKER_ID);
      if (!own || own.ageSeconds > HEARTBEAT_STALE_SECONDS)
        throw new DomainError(
          'unavailable',
          'health.worker_silent',
          "This process's worker has not written its heartbeat recently.",
        );
    }
    return { status: 'ok', database: 'up' };
  }

  @Get('worker')
  @ApiOperation({
    summary: 'Background workers: at least one worker process wrote its heartbeat recently',
  })
  @ApiOkResponse({ type: WorkersDto, description: 'A worker is alive.' })
  @ApiServiceUnavailableResponse({
    type: ProblemDto,
    description: 'No worker wrote its heartbeat recently (or the database cannot be reached).',
  })
  async worker(): Promise<WorkersDto> {
    const beats = await workerBeats(this.dataSource).catch(() => undefined);
    const alive = (beats ?? []).filter((b) => b.ageSeconds <= HEARTBEAT_STALE_SECONDS);
    if (!alive.length)
      throw new DomainError(
        'unavailable',
        'health.no_worker',
        `No worker wrote its heartbeat in the last ${HEARTBEAT_STALE_SECONDS} seconds.`,
      );
    return {
      status: 'ok',
      workers: alive.length,
      lastBeatSecondsAgo: Math.round(alive[0].ageSeconds * 10) / 10,
    };
  }
}
