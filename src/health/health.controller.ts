import { Controller, Get, HttpCode } from '@nestjs/common';
import { Public } from '../common/auth/access.decorators';
import {
  ApiOkResponse,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { ProblemDto } from '../common/http/problem';

class HealthDto {
  @ApiProperty({ example: 'ok' }) status!: 'ok';
}

class ReadinessDto extends HealthDto {
  @ApiProperty({ example: 'up' }) database!: 'up';
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @HttpCode(200)
  @ApiOkResponse({ type: HealthDto, description: 'The process is alive.' })
  live(): HealthDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({
    type: ReadinessDto,
    description: 'The process is alive and its database answers.',
  })
  @ApiServiceUnavailableResponse({
    type: ProblemDto,
    description: 'The database cannot be reached.',
  })
  async ready(): Promise<ReadinessDto> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new DomainError(
        'unavailable',
        'health.database_down',
        'The database cannot be reached.',
      );
    }
    return { status: 'ok', database: 'up' };
  }
}
