import { Controller, Get } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { CurrentActor, SchoolAccess } from '../common/auth/access.decorators';
import { API_V1 } from '../common/http/api';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { SchoolIdParam } from '../common/http/id.pipe';
import { Dashboard, DashboardService } from './dashboard.service';

class FiguresDto {
  @ApiProperty() enrolled!: number;
  @ApiProperty() seekers!: number;
  @ApiProperty() buddies!: number;
  @ApiProperty({ description: 'Seekers without an approved or active buddy' }) waiting!: number;
  @ApiProperty() proposed!: number;
  @ApiProperty({ description: 'Approved, waiting for both answers' }) awaitingAnswer!: number;
  @ApiProperty() activePairs!: number;
  @ApiProperty() endedPairs!: number;
  @ApiProperty() needsAttention!: number;
  @ApiProperty() freeCapacity!: number;
  @ApiProperty({ nullable: true, type: Number }) medianDaysToProposal!: number | null;
}

class DashboardDto {
  @ApiProperty() schoolId!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ type: FiguresDto }) figures!: FiguresDto;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) languages!: unknown[];
  @ApiProperty({
    type: Object,
    description:
      'Activities held, parents reached, first-timers, parents with little Dutch taking part, by language',
  })
  reach!: object;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Why seekers wait (last run), with the languages and situations to recruit for',
  })
  advice!: unknown[];
  @ApiProperty({ nullable: true, type: String }) lastRunAt!: string | null;
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description: 'Only for coordinators and school admins',
  })
  pairs?: unknown[];
}

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller(`${API_V1}/schools/:schoolId/dashboard`)
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @SchoolAccess('aggregate')
  @ApiOperation({
    summary: 'The buddy overview as JSON; viewers get figures only, coordinators also the pairs',
  })
  @ApiOkResponse({ type: DashboardDto })
  @ApiProblems(401, 404)
  async get(@CurrentActor() actor: Actor, @SchoolIdParam() schoolId: string): Promise<Dashboard> {
    const withPeople = actor.schoolRoles.get(schoolId) !== 'viewer';
    const result = await this.dashboard.forSchool(schoolId, withPeople);
    if (withPeople)
      await this.audit.record(actor, {
        schoolId,
        action: 'dashboard.read',
        entityType: 'school',
        entityId: schoolId,
      });
    return result;
  }
}
