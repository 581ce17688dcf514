import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import type { WorkspaceRequest } from '../../common/auth/access.decorators';
import { DomainError, NotFoundError } from '../../common/errors/domain-error';
import { IdParam, isUuid, SchoolIdParam } from '../../common/http/id.pipe';
import { I18nService } from '../../i18n/i18n.service';
import { SchoolsService } from '../../schools/schools.service';
import { TaxonomyService } from '../../taxonomy/taxonomy.service';
import { field, type FormBody, validateForm } from '../../workspace/forms';
import type { PageContext } from '../../workspace/page-context';
import { sendPage } from '../../workspace/workspace.controller';
import { WorkspacePage } from '../../workspace/workspace-page.decorator';
import { WorkspaceService } from '../../workspace/workspace.service';
import { CreateParentDto } from '../dto/parent-input.dto';
import { UpdateParentDto } from '../dto/update-parent.dto';
import type { Parent } from '../parent.entity';
import type { ParentListItem } from '../parents.repository';
import type { Channel } from '../parent.types';
import { ParentsService } from '../parents.service';
import {
  channelsWithoutConsent,
  emptyForm,
  formErrors,
  formOf,
  type Group,
  GROUPS,
  type ParentForm,
  readForm,
  schoolYearLabel,
  schoolYearsFor,
  serviceErrors,
  toIntake,
  withRows,
} from './parent-form';
import { differences } from './views/parent-form.describe';
import {
  type HouseholdChoice,
  type IntakeVocabulary,
  parentFormView,
  type ParentFormPage,
} from './views/parent-form.view';

const fullName = (p: Pick<Parent, 'givenName' | 'familyName'>): string =>
  [p.givenName, p.familyName].filter(Boolean).join(' ');

/**
 * The intake form (one page for one conversation) and changing a parent's data: the same
 * DTOs and ParentsService as the API, shown as a form that works without JavaScript.
 */
@Controller('schools/:schoolId/parents')
@WorkspacePage()
export class IntakePagesController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly parents: ParentsService,
    private readonly schools: SchoolsService,
    private readonly taxonomy: TaxonomyService,
    private readonly i18n: I18nService,
  ) {}

  private async vocabulary(ctx: PageContext, schoolId: string): Promise<IntakeVocabulary> {
    const school = await this.schools.get(schoolId);
    const tax = this.i18n.t(ctx.lang, 'taxonomy');
    return {
      tax: this.taxonomy.forLanguage(ctx.lang),
      weekday: (code) => tax(`weekday.${code}`),
      dayPart: (code) => tax(`dayPart.${code}`),
      schoolYears: schoolYearsFor(school.kind),
    };
  }

  private choice(ctx: PageContext, p: ParentListItem): HouseholdChoice {
    const t = ctx.tr('ws-intake');
    const years = [...new Set(p.children.map((c) => schoolYearLabel(t, c.schoolYear)))];
    return {
      id: p.id,
      name: fullName(p),
      detail: years.length ? t('form.household.children', { years: years.join(', ') }) : undefined,
    };
  }

  /** The household part of the intake: the parent chosen, and the results of a search. */
  private async household(
    ctx: PageContext,
    schoolId: string,
    form: ParentForm,
    search: boolean,
  ): Promise<NonNullable<ParentFormPage['household']>> {
    let chosen: HouseholdChoice | undefined;
    if (form.sameHouseholdAs && isUuid(form.sameHouseholdAs)) {
      try {
        chosen = this.choice(
          ctx,
          await this.parents.get(ctx.actor, schoolId, form.sameHouseholdAs),
        );
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
    const query = form.householdQuery.slice(0, 100);
    if (!search || !query) return { chosen, candidates: [], searched: search && !!query };
    const found = await this.parents.list(ctx.actor, schoolId, { q: query }, 1, 8);
    return { chosen, candidates: found.items.map((p) => this.choice(ctx, p)), searched: true };
  }

  @Get('new')
  @ApiOperation({ summary: 'The intake form: enroll one parent' })
  async newForm(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @Query('household') householdOf?: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-intake');
    const form = emptyForm();
    if (typeof householdOf === 'string' && isUuid(householdOf))
      form.sameHouseholdAs = householdOf.toLowerCase();
    sendPage(
      res,
      parentFormView(ctx, {
        mode: 'create',
        action: `/schools/${schoolId}/parents/new`,
        form: withRows(form),
        household: await this.household(ctx, schoolId, form, false),
        vocab: await this.vocabulary(ctx, schoolId),
      }),
    );
  }

  @Post('new')
  @ApiOperation({ summary: 'Enroll the parent of the intake form (or show it again)' })
  async create(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-intake');
    const t = ctx.tr('ws-intake');
    const form = readForm(body);
    const search = field(body, 'findHousehold') !== '';
    const page = async (
      status: number,
      extra: Partial<ParentFormPage> & { rows?: Partial<Record<Group, number>> } = {},
    ): Promise<void> =>
      sendPage(
        res,
        parentFormView(ctx, {
          mode: 'create',
          action: `/schools/${schoolId}/parents/new`,
          form: withRows(form, extra.rows),
          household: await this.household(ctx, schoolId, form, search),
          vocab: await this.vocabulary(ctx, schoolId),
          ...extra,
        }),
        status,
      );
    const add = field(body, 'add');
    if ((GROUPS as readonly string[]).includes(add)) return page(200, { rows: { [add]: 1 } });
    if (search) return page(200);
    const { plain, map } = toIntake(form, 'create');
    const { warning, confirmed } = consentWarning(body, plain);
    const checked = await validateForm(CreateParentDto, plain, t);
    if (!checked.ok)
      return page(422, { errors: formErrors(t, checked.errors, map), warning, confirmed });
    if (warning) return page(200, { warning, confirmed });
    let parent: Parent;
    try {
      parent = await this.parents.enroll(ctx.actor, schoolId, checked.value);
    } catch (err) {
      const errors = serviceErrors(t, err, map);
      if (!errors) throw err;
      return page(422, { errors, confirmed });
    }
    res.redirect(303, `/schools/${schoolId}/parents/${parent.id}?done=enrolled`);
  }

  @Get(':parentId/edit')
  @ApiOperation({ summary: "Change a parent's data: the intake form, filled in" })
  async editForm(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('parentId', 'Parent') parentId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-intake');
    const parent = await this.parents.get(ctx.actor, schoolId, parentId);
    if (parent.erasedAt) throw new DomainError('gone', 'parent.erased', 'This parent was erased.');
    sendPage(
      res,
      parentFormView(ctx, {
        mode: 'edit',
        action: `/schools/${schoolId}/parents/${parentId}/edit`,
        form: withRows(formOf(parent)),
        parent: { id: parent.id, name: fullName(parent) },
        vocab: await this.vocabulary(ctx, schoolId),
      }),
    );
  }

  @Post(':parentId/edit')
  @ApiOperation({ summary: "Save the change of a parent's data (with the version read)" })
  async update(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('parentId', 'Parent') parentId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-intake');
    const t = ctx.tr('ws-intake');
    const form = readForm(body);
    const vocab = await this.vocabulary(ctx, schoolId);
    // The name in the heading, as stored (a read, audited as the API does).
    let parentName = fullName(await this.parents.get(ctx.actor, schoolId, parentId));
    const page = (
      status: number,
      extra: Partial<ParentFormPage> & { rows?: Partial<Record<Group, number>> } = {},
    ): void =>
      sendPage(
        res,
        parentFormView(ctx, {
          mode: 'edit',
          action: `/schools/${schoolId}/parents/${parentId}/edit`,
          form: withRows(form, extra.rows),
          parent: { id: parentId, name: parentName },
          vocab,
          ...extra,
        }),
        status,
      );
    const add = field(body, 'add');
    if ((GROUPS as readonly string[]).includes(add)) return page(200, { rows: { [add]: 1 } });
    const { plain, map } = toIntake(form, 'edit');
    const { warning, confirmed } = consentWarning(body, plain);
    const checked = await validateForm(UpdateParentDto, plain, t);
    if (!checked.ok)
      return page(422, { errors: formErrors(t, checked.errors, map), warning, confirmed });
    if (warning) return page(200, { warning, confirmed });
    try {
      await this.parents.update(ctx.actor, schoolId, parentId, checked.value, undefined);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'parent.version_mismatch') {
        // Someone else saved meanwhile: show what is stored now next to what was typed;
        // the form keeps the typed values and takes the new version, so saving again is a
        // deliberate choice, never a silent overwrite.
        const now = await this.parents.get(ctx.actor, schoolId, parentId);
        parentName = fullName(now);
        form.version = String(now.version);
        return page(409, {
          conflict: differences(t, vocab, formOf(now), form),
          confirmed,
        });
      }
      const errors = serviceErrors(t, err, map);
      if (!errors) throw err;
      return page(422, { errors, confirmed });
    }
    res.redirect(303, `/schools/${schoolId}/parents/${parentId}?done=saved`);
  }
}

/**
 * The consent trap: an e-mail or SMS channel without the parent's consent to use it. The
 * form warns once; the consultant fixes the consent or confirms (kept while other errors
 * are fixed, as long as the same channels lack consent).
 */
function consentWarning(
  body: FormBody,
  plain: Record<string, unknown>,
): { warning?: Channel[]; confirmed?: string } {
  const channels = Array.isArray(plain.channels) ? (plain.channels as string[]) : [];
  const consents = Array.isArray(plain.consents)
    ? (plain.consents as CreateParentDto['consents'])
    : [];
  const missing = channelsWithoutConsent({ channels: channels as Channel[], consents });
  if (!missing.length) return {};
  const key = [...missing].sort().join(',');
  const confirmed =
    field(body, 'confirm') === 'channels' || field(body, 'channelsConfirmed') === key;
  return confirmed ? { confirmed: key } : { warning: missing };
}
