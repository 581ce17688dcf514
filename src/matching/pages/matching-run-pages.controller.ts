import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import type { WorkspaceRequest } from '../../common/auth/access.decorators';
import { ConflictError, DomainError } from '../../common/errors/domain-error';
import { IdParam, SchoolIdParam } from '../../common/http/id.pipe';
import { errorMessage, field, FormBody, formErrorsFrom, validateForm } from '../../workspace/forms';
import type { PageContext } from '../../workspace/page-context';
import { sendPage } from '../../workspace/workspace.controller';
import { WorkspacePage } from '../../workspace/workspace-page.decorator';
import { WorkspaceService } from '../../workspace/workspace.service';
import { MatchRuleInputDto } from '../dto/match.dto';
import { MatchLifecycleService } from '../match-lifecycle.service';
import { MatchRulesService } from '../match-rules.service';
import { MatchingRunService, runProblem } from '../matching-run.service';
import { MatchingPageTexts } from './matching-page-texts';
import { RUN_REFRESH_SECONDS } from './run-refresh';
import { MatchingPagesQueries, pageNumber } from './matching-pages.queries';
import { MatchingLabels, personName, tx } from './views/common';
import { matchingRunView, RunPageProblem } from './views/matching-run.view';

/** How long starting a run waits for it before showing its progress instead. */
const RUN_WAIT_MS = 10_000;

/**
 * The matching page: start a run, see its proposals side by side with every reason, who
 * stays without a buddy and what would help; approve, reject, pin or forbid, run again.
 * Every action calls the same service as the API.
 */
@Controller('schools/:schoolId/matching')
@WorkspacePage()
export class MatchingRunPagesController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly queries: MatchingPagesQueries,
    private readonly texts: MatchingPageTexts,
    private readonly runs: MatchingRunService,
    private readonly lifecycle: MatchLifecycleService,
    private readonly rules: MatchRulesService,
  ) {}

  private async page(
    req: WorkspaceRequest,
    res: Response,
    schoolId: string,
    problem?: (labels: MatchingLabels) => Promise<RunPageProblem> | RunPageProblem,
    status = 200,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-matching');
    const labels = this.texts.for(ctx);
    const data = await this.queries.runPage(
      schoolId,
      pageNumber(req.query?.page),
      pageNumber(req.query?.waiting),
    );
    const extras = { problem: problem ? await problem(labels) : undefined };
    const computing = data.latest?.status === 'queued' || data.latest?.status === 'running';
    // Works without JavaScript: the browser reloads the page while the run computes.
    if (computing) res.setHeader('Refresh', String(RUN_REFRESH_SECONDS));
    sendPage(res, matchingRunView(ctx, labels, data, extras), status);
  }

  /** A domain error a consultant can act on, as the page again (422); anything else throws. */
  private async problemPage(
    req: WorkspaceRequest,
    res: Response,
    schoolId: string,
    err: unknown,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-matching');
    const t = ctx.tr('ws-matching');
    if (!formErrorsFrom(err, t)) throw err;
    const error = err as DomainError;
    return this.page(req, res, schoolId, (labels) => this.describe(ctx, labels, error), 422);
  }

  private async describe(
    ctx: PageContext,
    labels: MatchingLabels,
    err: DomainError,
  ): Promise<RunPageProblem> {
    const t = labels.t;
    const message = errorMessage(t, err);
    const extra = err.extra as
      { seekerId?: unknown; buddyId?: unknown; rule?: unknown } | undefined;
    if (err.code !== 'matching.pin_invalid' || typeof extra?.rule !== 'string') return { message };
    const ids = [extra.seekerId, extra.buddyId].filter((x): x is string => typeof x === 'string');
    const people = await this.queries.parents(ids);
    return {
      message,
      items: [
        tx(t, 'pinProblem', {
          seeker: personName(labels, people.get(String(extra.seekerId))),
          buddy: personName(labels, people.get(String(extra.buddyId))),
          rule: t(`pinRule.${extra.rule}`, { defaultValue: t('pinRule.other') }),
        }),
      ],
    };
  }

  @Get()
  @ApiOperation({
    summary: 'Matching: the latest run with its proposals side by side, who waits and why',
  })
  async show(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
  ): Promise<void> {
    await this.page(req, res, schoolId);
  }

  @Post('runs')
  @HttpCode(303)
  @ApiOperation({ summary: 'Start a run (pins kept, forbidden pairs skipped), then show it' })
  async run(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
  ): Promise<void> {
    let run;
    try {
      const queued = await this.runs.start(req.actor!, schoolId);
      // A run of a few thousand parents is done within a moment: show its proposals at once;
      // a longer one is shown with its progress (the page refreshes itself).
      run = await this.runs.waitFor(schoolId, queued.id, RUN_WAIT_MS);
    } catch (err) {
      if (err instanceof ConflictError) return res.redirect(303, `/schools/${schoolId}/matching`);
      return this.problemPage(req, res, schoolId, err);
    }
    const problem = runProblem(run);
    if (problem) return this.problemPage(req, res, schoolId, problem);
    res.redirect(303, `/schools/${schoolId}/matching${run.status === 'done' ? '?done=run' : ''}`);
  }

  @Post('runs/:runId/approve')
  @HttpCode(303)
  @ApiOperation({ summary: 'Approve every open proposal of a run (each is its own step)' })
  async approveAll(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('runId', 'Matching run') runId: string,
  ): Promise<void> {
    const results = await this.runs.approveMany(req.actor!, schoolId, runId);
    const failed = results.filter((r) => r.problem);
    if (!failed.length) return res.redirect(303, `/schools/${schoolId}/matching?done=approved_all`);
    const ctx = await this.workspace.context(req, schoolId, 'ws-matching');
    const { proposals } = await this.runs.get(schoolId, runId);
    const byId = new Map(proposals.map((p) => [p.id, p]));
    const people = await this.queries.parents(proposals.flatMap((p) => [p.seekerId, p.buddyId]));
    return this.page(
      req,
      res,
      schoolId,
      (labels) => ({
        message: labels.t('approveAll.partial', {
          approved: results.length - failed.length,
          failed: failed.length,
        }),
        items: failed.map((f) => {
          const p = byId.get(f.matchId);
          return tx(labels.t, 'approveAll.item', {
            pair: tx(labels.t, 'pair.title', {
              seeker: personName(labels, p && people.get(p.seekerId)),
              buddy: personName(labels, p && people.get(p.buddyId)),
            }),
            problem:
              f.error instanceof DomainError
                ? errorMessage(ctx.tr('ws-matching'), f.error)
                : (f.problem ?? ''),
          });
        }),
      }),
      422,
    );
  }

  @Post('proposals/:matchId/approve')
  @HttpCode(303)
  @ApiOperation({ summary: 'Approve one proposal: both parents get an introduction' })
  async approve(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('matchId', 'Match') matchId: string,
  ): Promise<void> {
    try {
      await this.lifecycle.approve(req.actor!, schoolId, matchId);
    } catch (err) {
      return this.problemPage(req, res, schoolId, err);
    }
    res.redirect(303, `/schools/${schoolId}/matching?done=approved`);
  }

  @Post('proposals/:matchId/reject')
  @HttpCode(303)
  @ApiOperation({ summary: 'Reject one proposal (the pair is not proposed again)' })
  async reject(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('matchId', 'Match') matchId: string,
  ): Promise<void> {
    try {
      await this.lifecycle.reject(req.actor!, schoolId, matchId);
    } catch (err) {
      return this.problemPage(req, res, schoolId, err);
    }
    res.redirect(303, `/schools/${schoolId}/matching?done=rejected`);
  }

  @Post('rules')
  @HttpCode(303)
  @ApiOperation({ summary: 'Pin a pair (keep proposing it) or forbid it (never propose it)' })
  async addRule(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-matching');
    const t = ctx.tr('ws-matching');
    const form = await validateForm(
      MatchRuleInputDto,
      {
        seekerId: field(body, 'seekerId'),
        buddyId: field(body, 'buddyId'),
        kind: field(body, 'kind'),
      },
      t,
    );
    if (!form.ok)
      return this.page(req, res, schoolId, () => ({ message: t('errors.rule_form') }), 422);
    try {
      await this.rules.add(
        ctx.actor,
        schoolId,
        form.value.seekerId,
        form.value.buddyId,
        form.value.kind,
      );
    } catch (err) {
      return this.problemPage(req, res, schoolId, err);
    }
    res.redirect(
      303,
      `/schools/${schoolId}/matching?done=${form.value.kind === 'pin' ? 'pinned' : 'forbidden'}`,
    );
  }

  @Post('rules/:ruleId/delete')
  @HttpCode(303)
  @ApiOperation({ summary: 'Remove a pin or a forbid' })
  async removeRule(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('ruleId', 'Match rule') ruleId: string,
  ): Promise<void> {
    await this.rules.remove(req.actor!, schoolId, ruleId);
    res.redirect(303, `/schools/${schoolId}/matching?done=rule_removed`);
  }
}
