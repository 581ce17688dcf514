import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import type { WorkspaceRequest } from '../../common/auth/access.decorators';
import { IdParam, SchoolIdParam } from '../../common/http/id.pipe';
import { field, FormBody, formErrorsFrom, validateForm } from '../../workspace/forms';
import type { FieldError } from '../../workspace/views/components';
import { sendPage } from '../../workspace/workspace.controller';
import { WorkspacePage } from '../../workspace/workspace-page.decorator';
import { WorkspaceService } from '../../workspace/workspace.service';
import { EndDto, ResponseDto } from '../dto/match.dto';
import { MatchLifecycleService } from '../match-lifecycle.service';
import { MatchingPageTexts } from './matching-page-texts';
import { MatchingPagesQueries, matchTab, pageNumber } from './matching-pages.queries';
import { matchesView } from './views/matches.view';
import { MatchFormState, matchView } from './views/match.view';

/** Each problem of a form field as the area's own plain sentence for that field. */
function fieldSentences(
  errors: FieldError[],
  form: 'respond' | 'end',
  t: (key: string) => string,
): FieldError[] {
  const seen = new Set<string>();
  return errors.flatMap((e) => {
    const f = e.field.split('.')[0];
    if (seen.has(f)) return [];
    seen.add(f);
    return [{ field: f, message: t(`${form}.errors.${f}`) }];
  });
}

/**
 * The follow-up of pairs: pairs by status, the ones that need a look first, and a pair's
 * page where a consultant records a parent's answer, ends a pair, and reads the check-ins.
 */
@Controller('schools/:schoolId/matches')
@WorkspacePage()
export class MatchPagesController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly queries: MatchingPagesQueries,
    private readonly texts: MatchingPageTexts,
    private readonly lifecycle: MatchLifecycleService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Follow-up: pairs that need a look, then pairs by status' })
  async list(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @Query() q: Record<string, unknown>,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-matching');
    const data = await this.queries.matchesPage(schoolId, matchTab(q.status), pageNumber(q.page));
    sendPage(res, matchesView(ctx, this.texts.for(ctx), data));
  }

  private async pairPage(
    req: WorkspaceRequest,
    res: Response,
    schoolId: string,
    matchId: string,
    state?: MatchFormState,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-matching');
    const data = await this.queries.matchPage(schoolId, matchId);
    sendPage(res, matchView(ctx, this.texts.for(ctx), data, state), state ? 422 : 200);
  }

  @Get(':matchId')
  @ApiOperation({ summary: "A pair's page: both parents, reasons, timeline, check-ins, actions" })
  async show(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('matchId', 'Match') matchId: string,
  ): Promise<void> {
    await this.pairPage(req, res, schoolId, matchId);
  }

  @Post(':matchId/responses')
  @HttpCode(303)
  @ApiOperation({ summary: "Record a parent's accept or decline on their behalf" })
  async respond(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('matchId', 'Match') matchId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-matching');
    const t = ctx.tr('ws-matching');
    const response = field(body, 'response');
    const reason = field(body, 'reason');
    const form = await validateForm(
      ResponseDto,
      {
        parentId: field(body, 'parentId'),
        response,
        // A reason only goes with a "no"; an accept ignores the select.
        ...(reason && response === 'decline' ? { reason } : {}),
      },
      t,
    );
    const again = (errors: FieldError[]) =>
      this.pairPage(req, res, schoolId, matchId, { form: 'respond', body, errors });
    if (!form.ok) return again(fieldSentences(form.errors, 'respond', t));
    try {
      await this.lifecycle.respond(
        ctx.actor,
        schoolId,
        matchId,
        form.value.parentId,
        form.value.response === 'accept' ? 'accepted' : 'declined',
        form.value.reason,
      );
    } catch (err) {
      const errors = formErrorsFrom(err, t);
      if (!errors) throw err;
      return again(errors);
    }
    res.redirect(303, `/schools/${schoolId}/matches/${matchId}?done=answer_recorded`);
  }

  @Post(':matchId/end')
  @HttpCode(303)
  @ApiOperation({ summary: 'End an introduced or active pair with a reason and an outcome' })
  async end(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('matchId', 'Match') matchId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-matching');
    const t = ctx.tr('ws-matching');
    const form = await validateForm(
      EndDto,
      {
        reason: field(body, 'reason'),
        outcome: field(body, 'outcome'),
        rematch: field(body, 'rematch') === 'true',
      },
      t,
    );
    const again = (errors: FieldError[]) =>
      this.pairPage(req, res, schoolId, matchId, { form: 'end', body, errors });
    if (!form.ok) return again(fieldSentences(form.errors, 'end', t));
    try {
      await this.lifecycle.end(
        ctx.actor,
        schoolId,
        matchId,
        form.value.reason,
        form.value.outcome,
        form.value.rematch ?? false,
      );
    } catch (err) {
      const errors = formErrorsFrom(err, t);
      if (!errors) throw err;
      return again(errors);
    }
    res.redirect(303, `/schools/${schoolId}/matches/${matchId}?done=ended`);
  }

  @Post(':matchId/attention')
  @HttpCode(303)
  @ApiOperation({ summary: 'Mark a flagged pair as looked at (it leaves the attention list)' })
  async clearAttention(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('matchId', 'Match') matchId: string,
  ): Promise<void> {
    await this.lifecycle.clearAttention(req.actor!, schoolId, matchId);
    res.redirect(303, `/schools/${schoolId}/matches/${matchId}?done=attention_cleared`);
  }
}
