import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../common/auth/actor';
import { CurrentActor } from '../common/auth/access.decorators';
import { API_V1 } from '../common/http/api';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { IdParam, SchoolIdParam } from '../common/http/id.pipe';
import {
  ApproveManyDto,
  LangQueryDto,
  MatchingRunDto,
  MatchRuleDto,
  MatchRuleInputDto,
} from './dto/match.dto';
import { Match } from './match.entity';
import { MatchingRun } from './matching-run.entity';
import { MatchPresenter } from './match.presenter';
import { MatchRulesService } from './match-rules.service';
import { MatchingRunService } from './matching-run.service';

@ApiTags('matching')
@ApiBearerAuth()
@Controller(`${API_V1}/schools/:schoolId/matching`)
export class MatchingController {
  constructor(
    private readonly runs: MatchingRunService,
    private readonly rules: MatchRulesService,
    private readonly presenter: MatchPresenter,
  ) {}

  @Post('runs')
  @ApiOperation({
    summary:
      'Compute buddy proposals: the exact optimum (most seekers first, then best fit), with reasons. Nothing is sent until a proposal is approved.',
  })
  @ApiCreatedResponse({ type: MatchingRunDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async run(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @Query() query: LangQueryDto,
  ): Promise<MatchingRunDto> {
    const { run, proposals } = await this.runs.run(actor, schoolId);
    return this.present(run, proposals, query.lang ?? actor.interfaceLanguage);
  }

  @Get('runs/:runId')
  @ApiOperation({ summary: 'One matching run with its proposals' })
  @ApiOkResponse({ type: MatchingRunDto })
  @ApiProblems(401, 403, 404)
  async get(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('runId', 'Matching run') runId: string,
    @Query() query: LangQueryDto,
  ): Promise<MatchingRunDto> {
    const { run, proposals } = await this.runs.get(schoolId, runId);
    return this.present(run, proposals, query.lang ?? actor.interfaceLanguage);
  }

  @Post('runs/:runId/approve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve some or all proposals of a run; each approval is its own transaction',
  })
  @ApiOkResponse({
    description: 'Per proposal: approved, or the problem',
    schema: { type: 'object' },
  })
  @ApiProblems(400, 401, 403, 404)
  async approveMany(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('runId', 'Matching run') runId: string,
    @Body() body: ApproveManyDto,
  ) {
    const results = (await this.runs.approveMany(actor, schoolId, runId, body.matchIds)).map(
      ({ matchId, status, problem }) =>
        problem ? { matchId, status, problem } : { matchId, status },
    );
    return { results };
  }

  @Post('rules')
  @ApiOperation({
    summary: 'Pin a pair (propose it) or forbid it (never propose it) for the next runs',
  })
  @ApiCreatedResponse({ type: MatchRuleDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  add(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @Body() body: MatchRuleInputDto,
  ): Promise<MatchRuleDto> {
    return this.rules.add(actor, schoolId, body.seekerId, body.buddyId, body.kind);
  }

  @Get('rules')
  @ApiOperation({ summary: "The school's matching rules (pairs kept apart or put together)" })
  @ApiOkResponse({ type: [MatchRuleDto] })
  @ApiProblems(401, 403, 404)
  list(@SchoolIdParam() schoolId: string): Promise<MatchRuleDto[]> {
    return this.rules.list(schoolId);
  }

  @Delete('rules/:ruleId')
  @ApiOperation({ summary: 'Remove a matching rule' })
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async remove(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('ruleId', 'Match rule') ruleId: string,
  ): Promise<void> {
    await this.rules.remove(actor, schoolId, ruleId);
  }

  private async present(
    run: MatchingRun,
    proposals: Match[],
    lang: string,
  ): Promise<MatchingRunDto> {
    return {
      id: run.id,
      createdAt: run.createdAt,
      durationMs: run.durationMs,
      stats: run.stats,
      proposals: await this.presenter.matches(proposals, lang),
      unmatched: await this.presenter.unmatched(run.unmatched, lang),
      skippedPins: run.skippedPins ?? [],
    };
  }
}
