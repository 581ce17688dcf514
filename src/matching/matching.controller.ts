import { Body, Controller, Delete, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  ApiAcceptedResponse,
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
  MatchingRunDto,
  MatchingRunStatusDto,
  MatchRuleDto,
  MatchRuleInputDto,
  RunQueryDto,
  RunStartQueryDto,
} from './dto/match.dto';
import { MatchingRun } from './matching-run.entity';
import { MatchPresenter } from './match.presenter';
import { MatchRulesService } from './match-rules.service';
import { MatchingRunService, runProblem } from './matching-run.service';

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
      'Start a run that computes buddy proposals (the exact optimum: most seekers first, then best fit, with reasons) in the background. Answers 202 with the queued run and its Location; poll it until done. Nothing is sent until a proposal is approved.',
  })
  @ApiAcceptedResponse({ type: MatchingRunStatusDto, description: 'Queued; poll the Location' })
  @ApiCreatedResponse({ type: MatchingRunDto, description: 'With wait=true: the finished run' })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async run(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @Query() query: RunStartQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MatchingRunStatusDto | MatchingRunDto> {
    const queued = await this.runs.start(actor, schoolId);
    res.setHeader('Location', `/${API_V1}/schools/${schoolId}/matching/runs/${queued.id}`);
    if (!query.wait) {
      res.status(202);
      return runStatus(queued);
    }
    const run = await this.runs.waitFor(schoolId, queued.id);
    const problem = runProblem(run);
    if (problem) throw problem;
    res.status(run.status === 'done' || run.status === 'failed' ? 201 : 202);
    return this.present(run, 1, DEFAULT_PAGE_SIZE, query.lang ?? actor.interfaceLanguage);
  }

  @Get('runs/:runId')
  @ApiOperation({
    summary:
      'One matching run: its status and progress while it computes; when done, its figures, who stays unmatched and one page of its proposals',
  })
  @ApiOkResponse({ type: MatchingRunDto })
  @ApiProblems(400, 401, 403, 404)
  async get(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('runId', 'Matching run') runId: string,
    @Query() query: RunQueryDto,
  ): Promise<MatchingRunDto> {
    const run = await this.runs.find(schoolId, runId);
    return this.present(
      run,
      query.page ?? 1,
      query.pageSize ?? DEFAULT_PAGE_SIZE,
      query.lang ?? actor.interfaceLanguage,
    );
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
    page: number,
    pageSize: number,
    lang: string,
  ): Promise<MatchingRunDto> {
    const { items, total } =
      run.status === 'done'
        ? await this.runs.proposalsPage(run.schoolId, run.id, page, pageSize)
        : { items: [], total: 0 };
    return {
      ...runStatus(run),
      stats: run.stats,
      proposals: await this.presenter.matches(items, lang),
      page,
      pageSize,
      proposalsTotal: total,
      unmatched: await this.presenter.unmatched(run.unmatched, lang),
      skippedPins: run.skippedPins ?? [],
    };
  }
}

const DEFAULT_PAGE_SIZE = 50;

function runStatus(run: MatchingRun): MatchingRunStatusDto {
  const error = run.error && {
    code: run.error.code,
    message: run.error.message,
    ...(run.error.details ? { details: run.error.details } : {}),
  };
  return {
    id: run.id,
    status: run.status,
    progress: run.progress,
    phase: run.phase,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.durationMs,
    error: error ?? null,
  };
}
