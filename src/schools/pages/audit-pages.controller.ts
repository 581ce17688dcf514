import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditService } from '../../audit/audit.service';
import { AuditQueryDto } from '../../audit/dto/audit-query.dto';
import { SchoolAccess, type WorkspaceRequest } from '../../common/auth/access.decorators';
import { SchoolIdParam } from '../../common/http/id.pipe';
import { StaffRepository } from '../../staff/staff.repository';
import { StaffService } from '../../staff/staff.service';
import { field, formErrorsFrom, validateForm } from '../../workspace/forms';
import { sendPage } from '../../workspace/workspace.controller';
import { WorkspacePage } from '../../workspace/workspace-page.decorator';
import { WorkspaceService } from '../../workspace/workspace.service';
import { AuditFilterValues, auditView } from './views/audit.view';

const PAGE_SIZE = 50;

/**
 * The school's audit log: who read or changed what, when, about which record. Filtered by
 * action, staff member, record and days; paged newest first. Reading it is not itself
 * logged, as for the API's audit log.
 */
@Controller('schools/:schoolId/audit')
@WorkspacePage()
@SchoolAccess('admin')
export class AuditPagesController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly audit: AuditService,
    private readonly staff: StaffService,
    private readonly staffRepo: StaffRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: "The school's audit log, filtered and paged (school admins)" })
  async index(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @Query() q: Record<string, string | string[] | undefined>,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-settings');
    const t = ctx.tr('ws-settings');
    const filter: AuditFilterValues = {};
    for (const key of ['action', 'actorId', 'entityId', 'from', 'to', 'cursor'] as const) {
      const value = field(q, key);
      if (value) filter[key] = value;
    }
    const members = await this.staff.members(schoolId);
    const staffOptions = members.map((m) => ({ value: m.staffId, label: m.name }));
    const form = await validateForm(AuditQueryDto, filter, t);
    let page = {
      items: [] as Awaited<ReturnType<AuditService['pageForSchool']>>['items'],
      nextCursor: null as string | null,
    };
    let errors = form.ok ? undefined : form.errors;
    if (form.ok) {
      const { cursor, ...filters } = form.value;
      try {
        page = await this.audit.pageForSchool(schoolId, PAGE_SIZE, cursor, filters);
      } catch (err) {
        errors = formErrorsFrom(err, t);
        if (!errors) throw err;
      }
    }
    const staffNames = new Map(members.map((m) => [m.staffId, m.name]));
    const unknown = new Set<string>();
    for (const e of page.items) {
      if (e.actorType === 'staff' && e.actorId && !staffNames.has(e.actorId))
        unknown.add(e.actorId);
      if (e.entityType === 'staff' && e.entityId && !staffNames.has(e.entityId))
        unknown.add(e.entityId);
    }
    for (const s of await this.staffRepo.namesOf([...unknown])) staffNames.set(s.id, s.name);
    sendPage(
      res,
      auditView(ctx, {
        filter,
        errors,
        entries: page.items,
        nextCursor: page.nextCursor,
        staffNames,
        staffOptions,
      }),
      errors ? 422 : 200,
    );
  }
}
