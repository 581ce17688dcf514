import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import type { WorkspaceRequest } from '../../common/auth/access.decorators';
import { SchoolIdParam } from '../../common/http/id.pipe';
import { TaxonomyService } from '../../taxonomy/taxonomy.service';
import { field, optional, validateForm, type FormBody } from '../../workspace/forms';
import type { FieldError } from '../../workspace/views/components';
import { WorkspacePage } from '../../workspace/workspace-page.decorator';
import { sendPage } from '../../workspace/workspace.controller';
import { WorkspaceService } from '../../workspace/workspace.service';
import { ParentQueryDto } from '../dto/parent-query.dto';
import { ParentsRepository } from '../parents.repository';
import { ParentsService } from '../parents.service';
import {
  FILTER_KEYS,
  LIST_PAGE_SIZE,
  ListFilters,
  parentsListView,
} from './views/parents-list.view';

/**
 * One message per filter: a value like "lang" for a number breaks several rules at once
 * (a whole number, at least 0, at most 3650); the first rule of the DTO, reported last, says it best.
 */
function onePerField(errors: FieldError[]): FieldError[] {
  return [...new Map(errors.map((e) => [e.field, e])).values()];
}

/** The parents list: search and filters in a GET form, paged by name (the API's list). */
@Controller('schools/:schoolId/parents')
@WorkspacePage()
export class ParentsListController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly parents: ParentsService,
    private readonly repo: ParentsRepository,
    private readonly taxonomy: TaxonomyService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The parents of a school: search, filters, who waits and how long' })
  async list(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @Query() q: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-parents');
    const t = ctx.tr('ws-parents');
    const filters = Object.fromEntries(
      FILTER_KEYS.map((k) => [k, field(q, k)]),
    ) as unknown as ListFilters;
    const plain: Record<string, string> = {};
    for (const k of [...FILTER_KEYS, 'page', 'pageSize']) {
      const value = optional(q, k);
      if (value !== undefined) plain[k] = value;
    }
    const form = await validateForm(ParentQueryDto, plain, t);
    const languages = this.repo.languagesInSchool(schoolId);
    const taxonomy = this.taxonomy.forLanguage(ctx.lang);
    if (!form.ok)
      return sendPage(
        res,
        parentsListView(ctx, {
          filters,
          errors: onePerField(form.errors),
          taxonomy,
          languages: await languages,
        }),
        422,
      );
    const { page = 1, pageSize = LIST_PAGE_SIZE, ...chosen } = form.value;
    const [result, spoken] = await Promise.all([
      this.parents.list(ctx.actor, schoolId, chosen, page, pageSize),
      languages,
    ]);
    sendPage(
      res,
      parentsListView(ctx, {
        filters,
        result: { ...result, page, pageSize },
        taxonomy,
        languages: spoken,
      }),
    );
  }
}
