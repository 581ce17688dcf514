import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { ClassConstructor } from 'class-transformer';
import type { Response } from 'express';
import type { TFunction } from 'i18next';
import type { WorkspaceRequest } from '../../common/auth/access.decorators';
import { IdParam, SchoolIdParam } from '../../common/http/id.pipe';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { ACTIVITY_KINDS } from '../../taxonomy/taxonomy';
import {
  errorMessage,
  field,
  formErrorsFrom,
  type FormBody,
  validateForm,
} from '../../workspace/forms';
import type { PageContext } from '../../workspace/page-context';
import type { FieldError } from '../../workspace/views/components';
import { sendPage } from '../../workspace/workspace.controller';
import { WorkspacePage } from '../../workspace/workspace-page.decorator';
import { WorkspaceService } from '../../workspace/workspace.service';
import { DomainError } from '../../common/errors/domain-error';
import { ActivitiesService } from '../activities.service';
import { Activity } from '../activity.entity';
import { CalendarFeedService } from '../calendar-feed.service';
import { Clock } from '../clock';
import type { ActivityKind } from '../core/host-skills';
import { CreateActivityDto, UpdateActivityDto } from '../dto/activity-input.dto';
import { RsvpInputDto } from '../dto/rsvp.dto';
import { RsvpService } from '../rsvp.service';
import {
  type ActivityFormState,
  emptyState,
  missingParts,
  stateFromBody,
  stateOf as formStateOf,
  toCreateDto,
  toUpdateDto,
} from './activity-form';
import { ActivityPageData } from './activity-page-data';
import { activityView } from './views/activity.view';
import { cancelView } from './views/cancel.view';
import { closedView } from './views/closed.view';
import { activityFormView, kindChoiceView } from './views/form.view';
import { activityListView } from './views/list.view';
import { stateOf, texts } from './views/shared';

const NS = 'ws-activities';
const PAGE_SIZE = 25;

/** A search typed in a form: trimmed and kept short. */
function searchText(value: unknown): string {
  return typeof value === 'string' ? value.trim().slice(0, 100) : '';
}

/**
 * The activity pages of the workspace: the list with the calendar address, scheduling and
 * changing, an activity with its sign-ups and waitlist, signing a parent up on their
 * behalf, cancelling. The same DTOs and services as the API's activity endpoints.
 */
@Controller('schools/:schoolId/activities')
@WorkspacePage()
export class ActivityPagesController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly activities: ActivitiesService,
    private readonly rsvps: RsvpService,
    private readonly feeds: CalendarFeedService,
    private readonly data: ActivityPageData,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: "The school's activities (upcoming or past) and the calendar address" })
  async list(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @Query() q: Record<string, unknown>,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, NS);
    const when = q.when === 'past' ? 'past' : 'upcoming';
    const asked = typeof q.page === 'string' && /^\d{1,5}$/.test(q.page) ? Number(q.page) : 1;
    const page = Math.max(1, asked);
    const [result, feed] = await Promise.all([
      this.activities.list(schoolId, { when }, page, PAGE_SIZE),
      this.feeds.current(schoolId),
    ]);
    sendPage(
      res,
      activityListView(ctx, {
        when,
        ...result,
        page,
        pageSize: PAGE_SIZE,
        now: this.clock.now(),
        feed: feed && {
          address: feed.token ? this.feedAddress(feed.token, ctx.lang) : null,
          createdAt: feed.createdAt,
        },
      }),
    );
  }

  private feedAddress(token: string, lang: string): string {
    return `${this.config.publicBaseUrl.replace(/\/+$/, '')}/calendar/${token}.ics?lang=${lang}`;
  }

  @Post('calendar-feed/renew')
  @HttpCode(303)
  @ApiOperation({ summary: 'Make a new secret calendar address (the old one stops working)' })
  async renewFeed(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, NS);
    const had = await this.feeds.current(schoolId);
    await this.feeds.renew(ctx.actor, schoolId);
    res.redirect(
      303,
      `/schools/${schoolId}/activities?done=${had ? 'feed_renewed' : 'feed_created'}#feed-title`,
    );
  }

  @Post('calendar-feed/revoke')
  @HttpCode(303)
  @ApiOperation({ summary: 'Revoke the secret calendar address (it answers 404 from now on)' })
  async revokeFeed(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, NS);
    await this.feeds.revoke(ctx.actor, schoolId);
    res.redirect(303, `/schools/${schoolId}/activities?done=feed_revoked#feed-title`);
  }

  // --- scheduling ------------------------------------------------------------------------

  @Get('new')
  @ApiOperation({
    summary: 'Schedule an activity: first its kind, then the form with host suggestions',
  })
  async newForm(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @Query('kind') kind?: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, NS);
    if (!kind || !(ACTIVITY_KINDS as readonly string[]).includes(kind))
      return sendPage(res, kindChoiceView(ctx));
    sendPage(res, await this.formPage(ctx, schoolId, 'new', emptyState(kind)));
  }

  @Post('new')
  @HttpCode(303)
  @ApiOperation({ summary: 'Schedule the activity (the API’s CreateActivityDto and service)' })
  async create(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, NS);
    const t = texts(ctx);
    const state = stateFromBody(body);
    const { errors, value } = await checkForm(state, CreateActivityDto, toCreateDto(state), t);
    if (value) {
      try {
        const created = await this.activities.schedule(ctx.actor, schoolId, value);
        return res.redirect(303, `/schools/${schoolId}/activities/${created.id}?done=created`);
      } catch (err) {
        const found = formErrorsFrom(err, t);
        if (!found) throw err;
        errors.push(...found);
      }
    }
    sendPage(res, await this.formPage(ctx, schoolId, 'new', state, errors), 422);
  }

  private async formPage(
    ctx: PageContext,
    schoolId: string,
    mode: 'new' | 'edit',
    state: ActivityFormState,
    errors?: FieldError[],
    current?: { activity: Activity; signedUp: number },
  ): Promise<string> {
    const kind = (
      (ACTIVITY_KINDS as readonly string[]).includes(state.kind)
        ? state.kind
        : (current?.activity.kind ?? 'other')
    ) as ActivityKind;
    const [suggestions, languages] = await Promise.all([
      this.data.hostSuggestions(ctx.actor, schoolId, {
        kind,
        languages: state.languages,
        id: current?.activity.id,
      }),
      this.data.languages(schoolId, ctx.lang, {
        spoken: state.languages,
        translations: Object.keys(state.translations),
      }),
    ]);
    const suggested = new Set(suggestions.map((s) => s.parentId));
    const others = await this.data.names(
      schoolId,
      state.hostParentIds.filter((id) => !suggested.has(id)),
    );
    return activityFormView(ctx, {
      mode,
      activity: current && {
        id: current.activity.id,
        title: current.activity.title,
        signedUp: current.signedUp,
      },
      state,
      errors,
      suggestions,
      otherHosts: others.map((p) => ({ parentId: p.id, givenName: p.givenName })),
      spoken: languages.spoken,
      translations: languages.translations,
    });
  }

  // --- one activity ----------------------------------------------------------------------

  @Get(':activityId')
  @ApiOperation({
    summary: 'An activity: details, sign-ups and waitlist in order, sign a parent up',
  })
  async show(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') id: string,
    @Query('q') q?: unknown,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, NS);
    sendPage(res, await this.activityPage(ctx, schoolId, id, searchText(q)));
  }

  private async activityPage(
    ctx: PageContext,
    schoolId: string,
    id: string,
    q: string,
    errors?: FieldError[],
  ): Promise<string> {
    const { activity, counts } = await this.data.activity(schoolId, id);
    const state = stateOf(activity, this.clock.now());
    const open = state === 'open' || state === 'full';
    const [rsvps, found] = await Promise.all([
      this.rsvps.list(ctx.actor, schoolId, id),
      open && q ? this.data.searchParents(ctx.actor, schoolId, q) : undefined,
    ]);
    return activityView(ctx, {
      activity,
      counts,
      state,
      rsvps,
      languageName: this.data.languageName(ctx.lang),
      search: { q, results: found?.results ?? [], total: found?.total ?? 0 },
      errors,
    });
  }

  @Post(':activityId/rsvps')
  @HttpCode(303)
  @ApiOperation({
    summary: 'Sign a parent up on their behalf (confirmed, or on the waitlist when full)',
  })
  async signUp(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, NS);
    const t = texts(ctx);
    const form = await validateForm(RsvpInputDto, { parentId: field(body, 'parentId') }, t);
    let errors: FieldError[] | undefined = form.ok ? undefined : form.errors;
    if (form.ok) {
      try {
        const outcome = await this.rsvps.signUp(
          ctx.actor,
          schoolId,
          id,
          form.value.parentId.toLowerCase(),
        );
        const done = !outcome.changed
          ? 'already_signed_up'
          : outcome.state === 'waitlisted'
            ? 'waitlisted'
            : 'signed_up';
        return res.redirect(303, `/schools/${schoolId}/activities/${id}?done=${done}`);
      } catch (err) {
        errors = formErrorsFrom(err, t);
        if (!errors) throw err;
      }
    }
    sendPage(res, await this.activityPage(ctx, schoolId, id, searchText(body?.q), errors), 422);
  }

  @Post(':activityId/rsvps/:parentId/cancel')
  @HttpCode(303)
  @ApiOperation({ summary: "Cancel a parent's sign-up; the first on the waitlist moves up" })
  async cancelSignUp(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') id: string,
    @IdParam('parentId', 'Parent') parentId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, NS);
    try {
      await this.rsvps.cancel(ctx.actor, schoolId, id, parentId);
    } catch (err) {
      const errors = formErrorsFrom(err, texts(ctx));
      if (!errors) throw err;
      return sendPage(res, await this.activityPage(ctx, schoolId, id, '', errors), 409);
    }
    res.redirect(303, `/schools/${schoolId}/activities/${id}?done=rsvp_cancelled`);
  }

  // --- changing and cancelling ----------------------------------------------------------

  /** The activity if it can still be changed; otherwise a page that says why (409). */
  private async changeable(
    ctx: PageContext,
    res: Response,
    schoolId: string,
    id: string,
  ): Promise<{ activity: Activity; signedUp: number; hostIds: string[] } | undefined> {
    const { activity, counts } = await this.data.activity(schoolId, id);
    const state = stateOf(activity, this.clock.now());
    if (state === 'cancelled' || state === 'past' || state === 'running') {
      const t = texts(ctx);
      sendPage(
        res,
        closedView(ctx, activity, t(state === 'cancelled' ? 'closed.cancelled' : 'closed.past')),
        409,
      );
      return undefined;
    }
    return {
      activity,
      signedUp: activity.confirmedCount + counts.waitlistCount,
      hostIds: counts.hosts.map((h) => h.parentId),
    };
  }

  @Get(':activityId/edit')
  @ApiOperation({ summary: 'Change an activity (those signed up are told about real changes)' })
  async editForm(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') id: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, NS);
    const current = await this.changeable(ctx, res, schoolId, id);
    if (!current) return;
    const state = formStateOf(current.activity, current.hostIds);
    sendPage(res, await this.formPage(ctx, schoolId, 'edit', state, undefined, current));
  }

  @Post(':activityId/edit')
  @HttpCode(303)
  @ApiOperation({
    summary: 'Save the changes (the API’s UpdateActivityDto and service, with the version)',
  })
  async update(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, NS);
    const t = texts(ctx);
    const current = await this.changeable(ctx, res, schoolId, id);
    if (!current) return;
    const state = stateFromBody(body);
    const plain = toUpdateDto(state, current.activity);
    const { errors, value } = await checkForm(state, UpdateActivityDto, plain, t);
    if (value) {
      try {
        await this.activities.update(ctx.actor, schoolId, id, value);
        return res.redirect(303, `/schools/${schoolId}/activities/${id}?done=updated`);
      } catch (err) {
        const found = formErrorsFrom(err, t);
        if (!found) throw err;
        errors.push(...found);
      }
    }
    sendPage(res, await this.formPage(ctx, schoolId, 'edit', state, errors, current), 422);
  }

  @Get(':activityId/cancel')
  @ApiOperation({ summary: 'Cancel an activity: the confirmation, saying who will be told' })
  async cancelForm(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') id: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, NS);
    const current = await this.changeable(ctx, res, schoolId, id);
    if (!current) return;
    sendPage(res, cancelView(ctx, { activity: current.activity, told: current.signedUp }));
  }

  @Post(':activityId/cancel')
  @HttpCode(303)
  @ApiOperation({ summary: 'Cancel the activity: everyone signed up or waitlisted is told' })
  async cancel(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') id: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, NS);
    try {
      await this.activities.cancel(ctx.actor, schoolId, id);
    } catch (err) {
      if (!(err instanceof DomainError) || err.kind !== 'conflict') throw err;
      const { activity, counts } = await this.data.activity(schoolId, id);
      return sendPage(
        res,
        cancelView(ctx, {
          activity,
          told: activity.confirmedCount + counts.waitlistCount,
          error: errorMessage(texts(ctx), err),
        }),
        409,
      );
    }
    res.redirect(303, `/schools/${schoolId}/activities/${id}?done=cancelled`);
  }
}

/**
 * The form's own checks (a missing date or time) and the DTO's, together: every problem at
 * once. A missing part makes the DTO's complaint about the timestamp redundant.
 */
async function checkForm<T extends object>(
  state: ActivityFormState,
  dto: ClassConstructor<T>,
  plain: Record<string, unknown>,
  t: TFunction,
): Promise<{ errors: FieldError[]; value?: T }> {
  const missing = missingParts(state, t);
  const form = await validateForm(dto, plain, t);
  if (form.ok && !missing.length) return { errors: [], value: form.value };
  const fromDto = form.ok
    ? []
    : form.errors.filter(
        (e) => !(missing.length && (e.field === 'startsAt' || e.field === 'endsAt')),
      );
  return { errors: [...missing, ...fromDto] };
}
