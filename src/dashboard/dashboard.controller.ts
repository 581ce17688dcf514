import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { CurrentActor, SchoolAccess } from '../common/auth/access.decorators';
import { API_V1 } from '../common/http/api';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { SchoolIdParam } from '../common/http/id.pipe';
import { Dashboard, DashboardService, parsePeriod } from './dashboard.service';

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
  @ApiProperty({ description: 'Of waiting: with an open proposal to review' })
  waitingWithProposal!: number;
  @ApiProperty({ description: 'Of waiting: without any proposal (the two add up to waiting)' })
  waitingWithoutProposal!: number;
  @ApiProperty({ description: 'Of waiting: waiting longer than 28 days' }) waitingLong!: number;
  @ApiProperty({ nullable: true, type: Number }) longestWaitDays!: number | null;
  @ApiProperty({ description: 'Active > 14 days without a check-in answer' })
  pairsWithoutCheckIn!: number;
  @ApiProperty() openTasks!: number;
  @ApiProperty({ description: 'Messages given up (status dead)' }) failedMessages!: number;
  @ApiProperty() activitiesWithWaitlist!: number;
}

class DashboardDto {
  @ApiProperty({ format: 'uuid' }) schoolId!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ type: Object, description: 'kind (year, 3m, custom), from and to (inclusive)' })
  period!: object;
  @ApiProperty({ type: FiguresDto }) figures!: FiguresDto;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'What to do next: key, count and the workspace page (href)',
  })
  actions!: unknown[];
  @ApiProperty({
    type: Object,
    description:
      'Per month of the period: the funnel, waiting time, activities; check-ins, endings',
  })
  trends!: object;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) languages!: unknown[];
  @ApiProperty({
    type: Object,
    description:
      'In the period: activities held, parents reached, first-timers, taking part, and per watched group (for viewers, small counts and what would reveal them are null; see hidden)',
  })
  reach!: object;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Why seekers wait (last run), with the languages and situations to recruit for',
  })
  advice!: unknown[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'Kinds of new buddy (language, situation) ranked by how many more waiting seekers the matching engine would match with one such buddy added (moreMatched), and the availability most of them share',
  })
  recruitment!: unknown[];
  @ApiProperty({ nullable: true, type: String }) lastRunAt!: string | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'Only for viewers: the figures not shown (null) by the small-numbers rule, by path, and why: small (about 1 to 4 parents) or difference (it would let a small number be worked out)',
  })
  hidden?: Record<string, string>;
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
  @ApiQuery({
    name: 'period',
    required: false,
    enum: ['year', '3m', 'custom'],
    enumName: 'OverviewPeriod',
  })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD, with period=custom' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD, with period=custom' })
  @ApiOkResponse({ type: DashboardDto })
  @ApiProblems(401, 404, 422)
  async get(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @Query() query: Record<string, unknown>,
  ): Promise<Dashboard> {
    const withPeople = actor.schoolRoles.get(schoolId) !== 'viewer';
    const result = await this.dashboard.forSchool(schoolId, {
      withPeople,
      suppressSmall: !withPeople,
      period: parsePeriod(query),
    });
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
