import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/auth/actor';
import { CurrentActor } from '../common/auth/access.decorators';
import { NotFoundError } from '../common/errors/domain-error';
import { API_V1 } from '../common/http/api';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { IdParam, SchoolIdParam } from '../common/http/id.pipe';
import {
  CheckInDto,
  EndDto,
  LangQueryDto,
  MatchDto,
  MatchPageDto,
  MatchQueryDto,
  RejectDto,
  ResponseDto,
} from './dto/match.dto';
import { Match, MatchStatus } from './match.entity';
import { MatchLifecycleService } from './match-lifecycle.service';
import { MatchPresenter } from './match.presenter';
import { MatchingRepository } from './matching.repository';

@ApiTags('matches')
@ApiBearerAuth()
@Controller(`${API_V1}/schools/:schoolId/matches`)
export class MatchesController {
  constructor(
    private readonly repo: MatchingRepository,
    private readonly lifecycle: MatchLifecycleService,
    private readonly presenter: MatchPresenter,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Matches by status (e.g. status=proposed or status=approved,active), newest first',
  })
  @ApiOkResponse({ type: MatchPageDto })
  @ApiProblems(400, 401, 403, 404)
  async list(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @Query() q: MatchQueryDto,
  ): Promise<MatchPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const [items, total] = await this.repo.list(
      schoolId,
      {
        statuses: q.status as MatchStatus[] | undefined,
        parentId: q.parentId,
        needsAttention: q.needsAttention,
      },
      (page - 1) * pageSize,
      pageSize,
    );
    return {
      items: await this.presenter.matches(items, q.lang ?? actor.interfaceLanguage),
      page,
      pageSize,
      total,
    };
  }

  @Get(':matchId')
  @ApiOperation({ summary: 'One match with its reasons and history' })
  @ApiOkResponse({ type: MatchDto })
  @ApiProblems(401, 403, 404)
  async get(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('matchId', 'Match') matchId: string,
    @Query() q: LangQueryDto,
  ): Promise<MatchDto> {
    const match = await this.repo.findInSchool(schoolId, matchId);
    if (!match) throw new NotFoundError('Match');
    return this.one(match, q.lang ?? actor.interfaceLanguage);
  }

  @Post(':matchId/approve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve a proposal: both parents get an introduction in their own language',
  })
  @ApiOkResponse({ type: MatchDto })
  @ApiProblems(401, 403, 404, 409)
  async approve(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('matchId', 'Match') matchId: string,
  ): Promise<MatchDto> {
    return this.one(
      await this.lifecycle.approve(actor, schoolId, matchId),
      actor.interfaceLanguage,
    );
  }

  @Post(':matchId/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Drop a proposal (the pair is not proposed again)' })
  @ApiOkResponse({ type: MatchDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async reject(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('matchId', 'Match') matchId: string,
    @Body() body: RejectDto,
  ): Promise<MatchDto> {
    return this.one(
      await this.lifecycle.reject(actor, schoolId, matchId, body.reason),
      actor.interfaceLanguage,
    );
  }

  @Post(':matchId/responses')
  @HttpCode(200)
  @ApiOperation({ summary: "Record a parent's accept or decline on their behalf" })
  @ApiOkResponse({ type: MatchDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async respond(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('matchId', 'Match') matchId: string,
    @Body() body: ResponseDto,
  ): Promise<MatchDto> {
    const match = await this.lifecycle.respond(
      actor,
      schoolId,
      matchId,
      body.parentId,
      body.response === 'accept' ? 'accepted' : 'declined',
      body.reason,
    );
    return this.one(match, actor.interfaceLanguage);
  }

  @Post(':matchId/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End an approved or active match with a reason' })
  @ApiOkResponse({ type: MatchDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async end(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('matchId', 'Match') matchId: string,
    @Body() body: EndDto,
  ): Promise<MatchDto> {
    return this.one(
      await this.lifecycle.end(
        actor,
        schoolId,
        matchId,
        body.reason,
        body.outcome,
        body.rematch ?? false,
      ),
      actor.interfaceLanguage,
    );
  }

  @Post(':matchId/check-ins')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a check-in answer on a parent’s behalf' })
  @ApiOkResponse({ type: MatchDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async checkIn(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('matchId', 'Match') matchId: string,
    @Body() body: CheckInDto,
  ): Promise<MatchDto> {
    return this.one(
      await this.lifecycle.checkIn(actor, schoolId, matchId, body.parentId, body.answer),
      actor.interfaceLanguage,
    );
  }

  private async one(match: Match, lang: string): Promise<MatchDto> {
    const [dto] = await this.presenter.matches([match], lang);
    return dto;
  }
}
