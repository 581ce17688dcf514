import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditService } from '../audit/audit.service';
import { SchoolAccess, type WorkspaceRequest } from '../common/auth/access.decorators';
import { SchoolIdParam } from '../common/http/id.pipe';
import { I18nService } from '../i18n/i18n.service';
import { sendPage } from '../workspace/workspace.controller';
import { WorkspacePage } from '../workspace/workspace-page.decorator';
import { WorkspaceService } from '../workspace/workspace.service';
import { dashboardPage, PageLabels } from './dashboard-page.view';
import { DashboardService } from './dashboard.service';

/**
 * The buddy overview as a page of the staff workspace. `/dashboard` stays as the address
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
  @ApiOperation({ summary: 'The buddy overview of a school (viewers see figures only)' })
  async overview(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId);
    const withPeople = ctx.school!.role !== 'viewer';
    const data = await this.dashboard.forSchool(schoolId, withPeople);
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
    };
    sendPage(res, dashboardPage(ctx, labels, data));
  }
}
