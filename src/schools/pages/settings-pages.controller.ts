import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import type { TFunction } from 'i18next';
import { SchoolAccess, type WorkspaceRequest } from '../../common/auth/access.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { SchoolIdParam } from '../../common/http/id.pipe';
import { I18nService } from '../../i18n/i18n.service';
import { SHIPPED_LANGUAGES } from '../../i18n/languages';
import { DEFAULT_WEIGHTS, resolveWeights } from '../../matching/engine/weights';
import type { MatchingWeights } from '../../matching/engine/matching.types';
import { field, type FormBody, formErrorsFrom, integer, validateForm } from '../../workspace/forms';
import type { PageContext } from '../../workspace/page-context';
import type { FieldError } from '../../workspace/views/components';
import { sendPage } from '../../workspace/workspace.controller';
import { WorkspacePage } from '../../workspace/workspace-page.decorator';
import { WorkspaceService } from '../../workspace/workspace.service';
import { UpdateSchoolDto } from '../dto/school.dto';
import { School } from '../school.entity';
import { SchoolsService } from '../schools.service';
import { DashboardService } from '../../dashboard/dashboard.service';
import { SettingsFormValues, settingsView, weightField } from './views/settings.view';

const WEIGHT_KEYS = Object.keys(DEFAULT_WEIGHTS) as (keyof MatchingWeights)[];

/** The weights in force: the school's own over the defaults. */
function effectiveWeights(school: School): MatchingWeights {
  try {
    return resolveWeights(school.settings.matching.weights);
  } catch {
    return { ...DEFAULT_WEIGHTS, ...school.settings.matching.weights };
  }
}

/** The form's values for a school as stored. */
function valuesOf(school: School): SettingsFormValues {
  const s = school.settings;
  const weights = effectiveWeights(school);
  return {
    name: school.name,
    city: school.city,
    kind: school.kind,
    defaultLanguage: school.defaultLanguage,
    'settings.messages.bilingual': s.messages.bilingual ? 'yes' : 'no',
    'settings.messages.reminderHour': String(s.messages.reminderHour),
    'settings.matching.responseDays': String(s.matching.responseDays),
    'settings.matching.scope': s.matching.scope,
    ...Object.fromEntries(WEIGHT_KEYS.map((k) => [weightField(k), String(weights[k])])),
  };
}

/** What was typed, to show again when the form comes back. */
function typedValues(body: FormBody, school: School): SettingsFormValues {
  const values = valuesOf(school);
  for (const key of Object.keys(values)) if (key in (body ?? {})) values[key] = field(body, key);
  return values;
}

/** An empty number field is a missing number (the validator names it), not "unchanged". */
const whole = (body: FormBody, key: string): number => integer(body, key) ?? Number.NaN;

/**
 * The form as the API's UpdateSchoolDto. Only weights that differ from the ones in force
 * are sent, so the school keeps following the defaults it did not change.
 */
function toDto(body: FormBody, school: School): object {
  const now = effectiveWeights(school);
  const weights: Record<string, number> = {};
  for (const key of WEIGHT_KEYS) {
    const name = weightField(key);
    if (!(name in (body ?? {}))) continue;
    const value = whole(body, name);
    if (!Object.is(value, now[key])) weights[key] = value;
  }
  const bilingual = field(body, 'settings.messages.bilingual');
  const scope = field(body, 'settings.matching.scope');
  return {
    name: field(body, 'name'),
    city: field(body, 'city'),
    kind: field(body, 'kind'),
    defaultLanguage: field(body, 'defaultLanguage'),
    settings: {
      matching: {
        responseDays: whole(body, 'settings.matching.responseDays'),
        ...(school.boardId && scope ? { scope } : {}),
        ...(Object.keys(weights).length ? { weights } : {}),
      },
      messages: {
        bilingual: bilingual === 'yes' ? true : bilingual === 'no' ? false : bilingual || undefined,
        reminderHour: whole(body, 'settings.messages.reminderHour'),
      },
    },
  };
}

/** Sentences that say more than the validator's general one, per field. */
function fieldMessage(field: string, body: FormBody, t: TFunction): string | undefined {
  switch (field) {
    case 'name':
    case 'city': {
      const typed = typeof body?.[field] === 'string' ? String(body[field]).trim() : '';
      return t(typed ? `settings.${field}TooLong` : `settings.${field}Missing`);
    }
    case 'settings.matching.responseDays':
      return t('settings.responseDaysError');
    case 'settings.messages.reminderHour':
      return t('settings.reminderHourError');
    default:
      return undefined;
  }
}

/** One plain sentence per field and message. */
function plainer(errors: FieldError[], body: FormBody, t: TFunction): FieldError[] {
  const seen = new Set<string>();
  return errors
    .map((e) => ({ ...e, message: fieldMessage(e.field, body, t) ?? e.message }))
    .filter((e) => {
      const key = `${e.field}\n${e.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The engine's reason a weight was refused, as a sentence next to that weight. */
function weightError(err: DomainError, t: TFunction): FieldError[] {
  const problem = err.fields?.[0];
  const reason = problem?.messages[0] ?? '';
  const key = /at least secondSeekerPenalty/.test(reason)
    ? 'weights.errors.thirdBelowSecond'
    : /must be 0 or at least/.test(reason)
      ? 'weights.errors.capBelowStep'
      : 'weights.errors.number';
  return [{ field: problem?.field ?? 'settings.matching.weights', message: t(key) }];
}

/** The school's settings: name and city, messages to parents, how buddies are matched. */
@Controller('schools/:schoolId/settings')
@WorkspacePage()
@SchoolAccess('admin')
export class SettingsPagesController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly schools: SchoolsService,
    private readonly i18n: I18nService,
    private readonly dashboards: DashboardService,
  ) {}

  private async view(
    ctx: PageContext,
    school: School,
    values: SettingsFormValues,
    errors?: FieldError[],
    watched?: { values: readonly string[]; error?: string },
  ): Promise<string> {
    return settingsView(ctx, {
      values,
      errors,
      watched: watched ?? {
        values: (await this.dashboards.watchedGroups([school.id])).get(school.id) ?? [],
      },
      brin: school.brin,
      hasBoard: !!school.boardId,
      languages: SHIPPED_LANGUAGES.map((code) => ({
        value: code,
        label: this.i18n.languageName(code, ctx.lang),
      })).sort((a, b) => a.label.localeCompare(b.label, ctx.lang)),
    });
  }

  @Get()
  @ApiOperation({ summary: "The school's settings (school admins)" })
  async show(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-settings');
    const school = await this.schools.get(schoolId);
    sendPage(res, await this.view(ctx, school, valuesOf(school)));
  }

  @Post('watched-groups')
  @HttpCode(303)
  @ApiOperation({ summary: 'Save the groups the overview watches in its reach section' })
  async saveWatched(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-settings');
    const raw = body.groups;
    const groups = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    try {
      await this.dashboards.setWatchedGroups(schoolId, groups);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'dashboard.groups_invalid') throw err;
      const school = await this.schools.get(schoolId);
      const t = ctx.tr('ws-settings');
      const values = groups.filter((g): g is string => typeof g === 'string');
      return sendPage(
        res,
        await this.view(ctx, school, valuesOf(school), undefined, {
          values,
          error: t('watched.invalid'),
        }),
        422,
      );
    }
    res.redirect(303, `/schools/${schoolId}/settings?done=watched`);
  }

  @Post()
  @HttpCode(303)
  @ApiOperation({ summary: "Save the school's settings (the API's PATCH, with its checks)" })
  async save(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-settings');
    const t = ctx.tr('ws-settings');
    const school = await this.schools.get(schoolId);
    const again = (errors: FieldError[]): void =>
      void this.view(ctx, school, typedValues(body, school), errors).then((page) =>
        sendPage(res, page, 422),
      );
    const form = await validateForm(UpdateSchoolDto, toDto(body, school), t);
    if (!form.ok) return again(plainer(form.errors, body, t));
    try {
      await this.schools.update(ctx.actor, schoolId, form.value);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'school.invalid_weight')
        return again(weightError(err, t));
      const errors = formErrorsFrom(err, t);
      if (!errors) throw err;
      return again(plainer(errors, body, t));
    }
    res.redirect(303, `/schools/${schoolId}/settings?done=saved`);
  }
}
