import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import type { WorkspaceRequest } from '../../common/auth/access.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { IdParam, isUuid, SchoolIdParam } from '../../common/http/id.pipe';
import { field, fields, formErrorsFrom, type FormBody, validateForm } from '../../workspace/forms';
import type { PageContext } from '../../workspace/page-context';
import type { FieldError } from '../../workspace/views/components';
import { sendPage } from '../../workspace/workspace.controller';
import { WorkspacePage } from '../../workspace/workspace-page.decorator';
import { WorkspaceService } from '../../workspace/workspace.service';
import { AttendanceService, OPENS_BEFORE_START_MS } from '../attendance.service';
import { Clock } from '../clock';
import { AttendanceInputDto } from '../dto/rsvp.dto';
import { RsvpService } from '../rsvp.service';
import { ActivityPageData } from './activity-page-data';
import { type AttendanceRow, attendanceView } from './views/attendance.view';
import { closedView } from './views/closed.view';
import { texts } from './views/shared';

const NS = 'ws-activities';

/**
 * Who came: a tick list of the parents signed up (made for a phone at the door), walk-ins
 * found by name, saved with one button through the API's AttendanceService (a tick taken
 * away removes a registration made by mistake).
 */
@Controller('schools/:schoolId/activities/:activityId/attendance')
@WorkspacePage()
export class ActivityAttendancePagesController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly attendance: AttendanceService,
    private readonly rsvps: RsvpService,
    private readonly data: ActivityPageData,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Register who came (tick list, walk-ins, first-time visitors marked)' })
  async form(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') id: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, NS);
    const page = await this.page(ctx, schoolId, id, {});
    sendPage(res, page.html, page.status);
  }

  @Post()
  @HttpCode(303)
  @ApiOperation({
    summary: 'Save who came (action=save), or find a walk-in by name (action=search)',
  })
  async save(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') id: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, NS);
    const t = texts(ctx);
    const present = [...new Set(fields(body, 'present').map((p) => p.toLowerCase()))];
    const shown = new Set(
      fields(body, 'shown')
        .map((p) => p.toLowerCase())
        .filter(isUuid),
    );
    const q = field(body, 'q').slice(0, 100);
    if (field(body, 'action') === 'search') {
      const page = await this.page(ctx, schoolId, id, { present, q, search: true });
      return sendPage(res, page.html, page.status);
    }
    const recorded = new Set(
      (await this.attendance.list(ctx.actor, schoolId, id)).map((r) => r.parentId),
    );
    const add = present.filter((p) => !recorded.has(p));
    const remove = [...recorded].filter((p) => shown.has(p) && !present.includes(p));
    let errors: FieldError[] | undefined;
    if (add.length) {
      const form = await validateForm(AttendanceInputDto, { parentIds: add }, t);
      if (!form.ok) errors = form.errors;
      else
        try {
          await this.attendance.record(ctx.actor, schoolId, id, form.value.parentIds);
        } catch (err) {
          errors = formErrorsFrom(err, t);
          if (!errors) throw err;
        }
    }
    if (errors) {
      const page = await this.page(ctx, schoolId, id, { present, q, errors });
      return sendPage(res, page.html, 422);
    }
    for (const parentId of remove)
      try {
        await this.attendance.remove(ctx.actor, schoolId, id, parentId);
      } catch (err) {
        // Taken off by someone else meanwhile: what was wanted.
        if (!(err instanceof DomainError) || err.kind !== 'not_found') throw err;
      }
    res.redirect(303, `/schools/${schoolId}/activities/${id}/attendance?done=attendance_saved`);
  }

  private async page(
    ctx: PageContext,
    schoolId: string,
    id: string,
    form: { present?: string[]; q?: string; search?: boolean; errors?: FieldError[] },
  ): Promise<{ html: string; status: number }> {
    const t = texts(ctx);
    const { activity } = await this.data.activity(schoolId, id);
    if (activity.status === 'cancelled')
      return { html: closedView(ctx, activity, t('closed.cancelled')), status: 409 };
    const [rsvps, came, found] = await Promise.all([
      this.rsvps.list(ctx.actor, schoolId, id),
      this.attendance.list(ctx.actor, schoolId, id),
      form.search && form.q ? this.data.searchParents(ctx.actor, schoolId, form.q) : undefined,
    ]);
    const byName = (x: AttendanceRow, y: AttendanceRow) =>
      x.givenName.localeCompare(y.givenName, ctx.lang) ||
      (x.familyName ?? '').localeCompare(y.familyName ?? '', ctx.lang);
    const rows: AttendanceRow[] = [
      ...rsvps.confirmed.map((r) => ({ ...r, group: 'confirmed' as const, firstTime: false })),
      ...rsvps.waitlist.map((r) => ({ ...r, group: 'waitlist' as const, firstTime: false })),
    ];
    const listed = new Set(rows.map((r) => r.parentId));
    for (const c of came)
      if (!listed.has(c.parentId)) {
        rows.push({ ...c, group: 'walkIn', firstTime: false });
        listed.add(c.parentId);
      }
    const foundRows: AttendanceRow[] = (found?.results ?? [])
      .filter((p) => !listed.has(p.id))
      .map((p) => ({ ...p, parentId: p.id, group: 'walkIn', firstTime: false }));
    const first = await this.attendance.firstTimeVisitors(schoolId, id, [
      ...rows.map((r) => r.parentId),
      ...foundRows.map((r) => r.parentId),
    ]);
    for (const r of [...rows, ...foundRows]) r.firstTime = first.has(r.parentId);
    const opensAt = new Date(activity.startsAt.getTime() - OPENS_BEFORE_START_MS);
    return {
      status: 200,
      html: attendanceView(ctx, {
        activity,
        rows: [...rows].sort(byName),
        present: new Set(form.present ?? came.map((c) => c.parentId)),
        q: form.q ?? '',
        found: found && { rows: foundRows, total: found.total },
        opensAt,
        open: this.clock.now() >= opensAt,
        errors: form.errors,
      }),
    };
  }
}
