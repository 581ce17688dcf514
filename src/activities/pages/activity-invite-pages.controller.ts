import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import type { WorkspaceRequest } from '../../common/auth/access.decorators';
import { IdParam, SchoolIdParam } from '../../common/http/id.pipe';
import { SCHOOL_YEARS, SITUATIONS } from '../../taxonomy/taxonomy';
import { field, formErrorsFrom, type FormBody, validateForm } from '../../workspace/forms';
import type { PageContext } from '../../workspace/page-context';
import type { FieldError } from '../../workspace/views/components';
import { sendPage } from '../../workspace/workspace.controller';
import { WorkspacePage } from '../../workspace/workspace-page.decorator';
import { WorkspaceService } from '../../workspace/workspace.service';
import { Activity } from '../activity.entity';
import { Clock } from '../clock';
import { InviteDto } from '../dto/invitation.dto';
import { InvitationsService } from '../invitations.service';
import { ActivityPageData } from './activity-page-data';
import {
  emptyInviteState,
  type InviteFormState,
  inviteStateFromBody,
  normalized,
  toInviteDto,
} from './invite-form';
import { closedView } from './views/closed.view';
import { inviteFormView, invitePreviewView } from './views/invite.view';
import { stateOf, texts } from './views/shared';

const NS = 'ws-activities';

/**
 * Inviting an audience in two steps: choose who (as the API's InviteDto allows), then a
 * preview of who it reaches and who is skipped and why (the service's dry run, the same
 * selection as the real send), then send.
 */
@Controller('schools/:schoolId/activities/:activityId/invite')
@WorkspacePage()
export class ActivityInvitePagesController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly invitations: InvitationsService,
    private readonly data: ActivityPageData,
    private readonly clock: Clock,
  ) {}

  /** The activity if parents can still be invited; otherwise a page that says why (409). */
  private async invitable(
    ctx: PageContext,
    res: Response,
    schoolId: string,
    id: string,
  ): Promise<Activity | undefined> {
    const { activity } = await this.data.activity(schoolId, id);
    const state = stateOf(activity, this.clock.now());
    if (state === 'open' || state === 'full') return activity;
    const t = texts(ctx);
    sendPage(
      res,
      closedView(ctx, activity, t(state === 'cancelled' ? 'closed.cancelled' : 'closed.past')),
      409,
    );
    return undefined;
  }

  @Get()
  @ApiOperation({ summary: 'Invite parents: choose the audience' })
  async form(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') id: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, NS);
    const activity = await this.invitable(ctx, res, schoolId, id);
    if (!activity) return;
    sendPage(res, await this.formPage(ctx, schoolId, activity, emptyInviteState()));
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Invite parents: search parents to pick (action=search), preview who it reaches and who is skipped (action=preview), send (action=send)',
  })
  async post(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, NS);
    const activity = await this.invitable(ctx, res, schoolId, id);
    if (!activity) return;
    const t = texts(ctx);
    const state = inviteStateFromBody(body);
    const action = field(body, 'action');
    if (action === 'search' || action === 'edit')
      return sendPage(
        res,
        await this.formPage(ctx, schoolId, activity, state, undefined, action === 'search'),
      );
    const form = await validateForm(InviteDto, toInviteDto(state), t);
    let errors: FieldError[] | undefined = form.ok ? undefined : form.errors;
    if (form.ok) {
      try {
        if (action === 'send') {
          await this.invitations.invite(ctx.actor, schoolId, id, form.value);
          return res.redirect(303, `/schools/${schoolId}/activities/${id}?done=invited`);
        }
        const preview = await this.invitations.preview(ctx.actor, schoolId, id, form.value);
        return sendPage(
          res,
          invitePreviewView(ctx, {
            activity,
            state: normalized(state),
            preview,
            languageName: this.data.languageName(ctx.lang),
          }),
        );
      } catch (err) {
        errors = formErrorsFrom(err, t);
        if (!errors) throw err;
      }
    }
    sendPage(res, await this.formPage(ctx, schoolId, activity, state, errors), 422);
  }

  private async formPage(
    ctx: PageContext,
    schoolId: string,
    activity: Activity,
    state: InviteFormState,
    errors?: FieldError[],
    search = false,
  ): Promise<string> {
    const t = texts(ctx);
    const [languages, picked, found] = await Promise.all([
      this.data.languages(schoolId, ctx.lang, { spoken: state.languages }),
      this.data.names(schoolId, state.parentIds),
      search && state.q
        ? this.data.searchParents(ctx.actor, schoolId, state.q.slice(0, 100))
        : undefined,
    ]);
    return inviteFormView(ctx, {
      activity,
      state: search ? { ...state, audience: 'parents' } : state,
      errors,
      languages: languages.spoken.filter((l) => l.parents > 0 || state.languages.includes(l.code)),
      situations: SITUATIONS.map((s) => ({
        code: s.code,
        label: t(`taxonomy:situation.${s.code}`),
      })),
      schoolYears: SCHOOL_YEARS,
      picked,
      search: found,
    });
  }
}
