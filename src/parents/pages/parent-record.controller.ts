import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import type { WorkspaceRequest } from '../../common/auth/access.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { IdParam, SchoolIdParam } from '../../common/http/id.pipe';
import { PrivacyService } from '../../privacy/privacy.service';
import { TaxonomyService } from '../../taxonomy/taxonomy.service';
import {
  field,
  formErrorsFrom,
  integer,
  optional,
  validateForm,
  type FormBody,
} from '../../workspace/forms';
import type { PageContext } from '../../workspace/page-context';
import type { FieldError } from '../../workspace/views/components';
import { WorkspacePage } from '../../workspace/workspace-page.decorator';
import { sendPage } from '../../workspace/workspace.controller';
import { WorkspaceService } from '../../workspace/workspace.service';
import { UpdateParentDto } from '../dto/update-parent.dto';
import type { Parent } from '../parent.entity';
import { ParentsService } from '../parents.service';
import { ParentRecordQueries } from './parent-record.queries';
import {
  ConfirmKind,
  confirmationText,
  confirms,
  parentConfirmView,
} from './views/parent-record-confirm.view';
import { parentRecordView } from './views/parent-record.view';

/** The HTTP status of a page shown again after a domain error (as the API answers it). */
function statusOf(err: unknown): number {
  if (!(err instanceof DomainError)) return 422;
  return { precondition_failed: 412, gone: 410, conflict: 409 }[err.kind as string] ?? 422;
}

/** A file name for the export: letters and digits of the name, and the date. */
export function exportFilename(
  p: { id: string; givenName: string; familyName: string | null },
  now = new Date(),
): string {
  const slug = `${p.givenName} ${p.familyName ?? ''}`
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `oudermaatje-${slug || `ouder-${p.id.slice(0, 8)}`}-${now.toISOString().slice(0, 10)}.json`;
}

/**
 * One parent's page and its actions: pause, resume, leave (status changes with the version
 * read), export, erase and delete (each after typing the name). The same services as the
 * API: ParentsService (read is audited, update, remove) and PrivacyService (export, erase).
 */
@Controller('schools/:schoolId/parents/:parentId')
@WorkspacePage()
export class ParentRecordController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly parents: ParentsService,
    private readonly privacy: PrivacyService,
    private readonly queries: ParentRecordQueries,
    private readonly taxonomy: TaxonomyService,
  ) {}

  private async page(
    ctx: PageContext,
    schoolId: string,
    parentId: string,
    opts: { auditBefore?: string; errors?: FieldError[] } = {},
  ): Promise<string> {
    const parent = await this.parents.get(ctx.actor, schoolId, parentId);
    const data = await this.queries.load(schoolId, parent, opts.auditBefore);
    return parentRecordView(ctx, {
      parent,
      data,
      taxonomy: this.taxonomy.forLanguage(ctx.lang),
      auditBefore: opts.auditBefore,
      errors: opts.errors,
    });
  }

  @Get()
  @ApiOperation({
    summary: "A parent's page: profile, consents, matches, messages, activities, audit",
  })
  async show(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('parentId', 'Parent') parentId: string,
    @Query('auditBefore') auditBefore?: unknown,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-parents');
    const cursor =
      typeof auditBefore === 'string' && /^\d{1,19}$/.test(auditBefore) ? auditBefore : undefined;
    sendPage(res, await this.page(ctx, schoolId, parentId, { auditBefore: cursor }));
  }

  @Post('status')
  @HttpCode(303)
  @ApiOperation({
    summary: 'Pause, resume or end taking part (a status change with the version read)',
  })
  async status(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('parentId', 'Parent') parentId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-parents');
    const t = ctx.tr('ws-parents');
    const status = optional(body, 'status');
    const form = await validateForm(
      UpdateParentDto,
      { status, version: integer(body, 'version') },
      t,
    );
    let errors: FieldError[] | undefined;
    let code = 422;
    if (!form.ok) errors = form.errors;
    else if (!status) errors = [{ field: 'status', message: t('record.statusMissing') }];
    else
      try {
        await this.parents.update(ctx.actor, schoolId, parentId, form.value, undefined);
      } catch (err) {
        errors = formErrorsFrom(err, t);
        if (!errors) throw err;
        code = statusOf(err);
      }
    if (errors) return sendPage(res, await this.page(ctx, schoolId, parentId, { errors }), code);
    const done = status === 'paused' ? 'paused' : status === 'left' ? 'left' : 'resumed';
    res.redirect(303, `/schools/${schoolId}/parents/${parentId}?done=${done}`);
  }

  @Get('export/summary')
  @ApiProduces('text/html')
  @ApiOperation({
    summary: "The export as a printable page in the parent's own language, to hand to the parent",
  })
  async exportSummary(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('parentId', 'Parent') parentId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-parents');
    const page = await this.privacy.summary(ctx.actor, schoolId, parentId);
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).type('text/html; charset=utf-8').send(page);
  }

  @Get('export')
  @ApiProduces('application/json')
  @ApiOperation({
    summary: 'Download everything stored about the parent (the API export, as a file)',
  })
  async export(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('parentId', 'Parent') parentId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-parents');
    const data = await this.privacy.export(ctx.actor, schoolId, parentId);
    const filename = exportFilename(data.parent);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    );
    res
      .status(200)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  }

  private async confirmForm(
    req: WorkspaceRequest,
    res: Response,
    kind: ConfirmKind,
    schoolId: string,
    parentId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-parents');
    const parent = await this.parents.get(ctx.actor, schoolId, parentId);
    if (kind === 'erase') assertNotErased(parent);
    sendPage(res, parentConfirmView(ctx, { kind, parent }));
  }

  private async confirmed(
    req: WorkspaceRequest,
    res: Response,
    kind: ConfirmKind,
    schoolId: string,
    parentId: string,
    body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-parents');
    const t = ctx.tr('ws-parents');
    const parent = await this.parents.get(ctx.actor, schoolId, parentId);
    if (kind === 'erase') assertNotErased(parent);
    const typed = field(body, 'confirmation');
    const expected = confirmationText(ctx, parent);
    const again = (errors: FieldError[], code: number): void =>
      sendPage(res, parentConfirmView(ctx, { kind, parent, typed, errors }), code);
    if (!confirms(typed, expected))
      return again(
        [
          {
            field: 'confirmation',
            message: typed ? t('confirm.wrong', { expected }) : t('confirm.missing', { expected }),
          },
        ],
        422,
      );
    try {
      if (kind === 'erase') await this.privacy.erase(ctx.actor, schoolId, parentId);
      else await this.privacy.remove(ctx.actor, schoolId, parentId);
    } catch (err) {
      const errors = formErrorsFrom(err, t);
      if (!errors) throw err;
      return again(errors, statusOf(err));
    }
    res.redirect(
      303,
      `/schools/${schoolId}/parents?done=${kind === 'erase' ? 'erased' : 'deleted'}`,
    );
  }

  @Get('erase')
  @ApiOperation({
    summary: "Erase a parent's personal data: what it removes, and type the name to confirm",
  })
  eraseForm(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('parentId', 'Parent') parentId: string,
  ): Promise<void> {
    return this.confirmForm(req, res, 'erase', schoolId, parentId);
  }

  @Post('erase')
  @HttpCode(303)
  @ApiOperation({
    summary: "Erase a parent's personal data (right to erasure) after the typed confirmation",
  })
  erase(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('parentId', 'Parent') parentId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    return this.confirmed(req, res, 'erase', schoolId, parentId, body);
  }

  @Get('delete')
  @ApiOperation({
    summary: 'Remove a parent and everything linked to them: type the name to confirm',
  })
  deleteForm(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('parentId', 'Parent') parentId: string,
  ): Promise<void> {
    return this.confirmForm(req, res, 'delete', schoolId, parentId);
  }

  @Post('delete')
  @HttpCode(303)
  @ApiOperation({
    summary: 'Remove a parent and everything linked to them, after the typed confirmation',
  })
  remove(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('parentId', 'Parent') parentId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    return this.confirmed(req, res, 'delete', schoolId, parentId, body);
  }
}

function assertNotErased(parent: Parent): void {
  if (parent.erasedAt)
    throw new DomainError('gone', 'parent.erased', 'This parent was erased already.');
}
