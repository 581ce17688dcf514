import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditService } from '../audit/audit.service';
import { SchoolAccess, type WorkspaceRequest } from '../common/auth/access.decorators';
import { SchoolIdParam } from '../common/http/id.pipe';
import { I18nService } from '../i18n/i18n.service';
import { sendPage } from '../workspace/workspace.controller';
import { WorkspacePage } from '../workspace/workspace-page.decorator';
import { WorkspaceService } from '../workspace/workspace.service';
import { homeView } from '../workspace/views/home.view';
import { ValidationError } from '../common/errors/domain-error';
import { dashboardPage, PageLabels, PageState } from './dashboard-page.view';
import { Dashboard, DashboardPeriod, DashboardService, parsePeriod } from './dashboard.service';

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The figures as CSV rows: section, key, value (a spreadsheet adds them up as it likes). */
export function dashboardCsv(d: Dashboard): string {
  // Each row: section, key, value, and the value's path in `Dashboard.hidden` (not written).
  const rows: [string, string, string | number | null, string][] = [
    ['section', 'key', 'value', ''],
  ];
  rows.push(['period', 'from', d.period.from, ''], ['period', 'to', d.period.to, '']);
  for (const [k, v] of Object.entries(d.figures)) rows.push(['now', k, v, `figures.${k}`]);
  for (const k of ['activitiesHeld', 'parentsReached', 'firstTimers', 'takingPart'] as const)
    rows.push(['reach', k, d.reach[k], `reach.${k}`]);
  for (const g of d.reach.groups)
    for (const k of ['parents', 'withBuddy', 'cameToActivity', 'takingPart'] as const)
      rows.push([`reach:${g.group}`, k, g[k], `reach.groups.${g.group}.${k}`]);
  for (const m of d.trends.months)
    for (const [k, v] of Object.entries(m))
      if (k !== 'month') rows.push([`month:${m.month}`, k, v, `trends.months.${m.month}.${k}`]);
  for (const [k, v] of Object.entries(d.trends.checkIns))
    rows.push(['checkIns', k, v, `trends.checkIns.${k}`]);
  for (const [k, v] of Object.entries(d.trends.endings))
    rows.push(['endings', k, v, `trends.endings.${k}`]);
  // A number hidden by the small-numbers rule is written as "<5" (fewer than 5) or "hidden"
  // (it would let a small one be worked out); a median that does not exist stays empty.
  const cell = (v: string | number | null, path: string): string =>
    v !== null
      ? String(v)
      : d.hidden?.[path] === 'small'
        ? '<5'
        : d.hidden?.[path] === 'difference'
          ? 'hidden'
          : '';
  return rows.map(([a, b, v, path]) => `${a},${b},${cell(v, path)}`).join('\r\n') + '\r\n';
}

/**
 * The home page of a school (what to do next, then every job) and the buddy overview, as
 * pages of the staff workspace. `/dashboard` stays as the address
 * staff know: it leads to the login, then to the overview of their school.
 */
@Controller()
@WorkspacePage()
export class DashboardPageController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly dashboard: DashboardService,
    private readonly i18n: I18nService,
    private readonly audit: AuditService,
  ) {}

  @Get('schools/:schoolId')
  @SchoolAccess('aggregate')
  @ApiOperation({ summary: "The staff member's home page in a school, headed by what to do next" })
  async home(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId);
    // Viewers (no personal-data access) get the small-numbers rule here too.
    const actions = await this.dashboard.nextActions(schoolId, ctx.school?.role === 'viewer');
    sendPage(res, homeView(ctx, { actions, t: this.i18n.t(ctx.lang, 'dashboard') }));
  }

  @Get('dashboard')
  @ApiOperation({
    summary: "The buddy overview: the current school's overview page (log in first)",
  })
  @ApiResponse({ status: 303, description: "To the overview of the staff member's school" })
  async legacy(@Req() req: WorkspaceRequest, @Res() res: Response): Promise<void> {
    const session = req.staffSession!;
    const roles = req.actor!.schoolRoles;
    const school =
      session.schoolId && roles.has(session.schoolId)
        ? session.schoolId
        : roles.size === 1
          ? [...roles.keys()][0]
          : undefined;
    res.redirect(303, school ? `/schools/${school}/overview` : '/schools');
  }

  @Get('schools/:schoolId/overview')
  @SchoolAccess('aggregate')
  @ApiOperation({
    summary:
      'The buddy overview of a school (viewers see figures only); ?period=year|3m|custom&from&to, ?print, ?format=csv',
  })
  async overview(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @Query() q: Record<string, unknown>,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId);
    const withPeople = ctx.school!.role !== 'viewer';
    const state: PageState = {
      print: q.print !== undefined,
      asked: { period: text(q.period), from: text(q.from), to: text(q.to) },
    };
    let period: DashboardPeriod;
    try {
      period = parsePeriod(q);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      period = parsePeriod({});
      state.periodInvalid = true;
    }
    const data = await this.dashboard.forSchool(schoolId, {
      withPeople,
      suppressSmall: !withPeople,
      period,
    });
    if (withPeople)
      await this.audit.record(ctx.actor, {
        schoolId,
        action: 'dashboard.read',
        entityType: 'school',
        entityId: schoolId,
      });
    const taxonomy = this.i18n.t(ctx.lang, 'taxonomy');
    const labels: PageLabels = {
      t: this.i18n.t(ctx.lang, 'dashboard'),
      lang: ctx.lang,
      dir: ctx.dir,
      languageName: (code) => this.i18n.languageName(code, ctx.lang),
      situationLabel: (code) => taxonomy(`situation.${code}`),
      slotLabel: (code) => {
        const [weekday, dayPart] = code.split('-');
        return taxonomy('availabilitySlot', {
          weekday: taxonomy(`weekday.${weekday}`),
          dayPart: taxonomy(`dayPart.${dayPart}`),
        });
      },
    };
    if (q.format === 'csv') {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="overview-${period.from}-${period.to}.csv"`,
      );
      res.status(200).type('text/csv').send(dashboardCsv(data));
      return;
    }
    sendPage(res, dashboardPage(ctx, labels, data, state), state.periodInvalid ? 422 : 200);
  }
}
