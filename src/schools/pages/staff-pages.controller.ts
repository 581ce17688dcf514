import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import type { TFunction } from 'i18next';
import { SchoolAccess, type WorkspaceRequest } from '../../common/auth/access.decorators';
import { IdParam, SchoolIdParam } from '../../common/http/id.pipe';
import { I18nService, STAFF_LANGUAGES } from '../../i18n/i18n.service';
import { AddStaffDto, ChangeRoleDto } from '../../staff/dto/staff.dto';
import { StaffService } from '../../staff/staff.service';
import { field, type FormBody, formErrorsFrom, validateForm } from '../../workspace/forms';
import type { PageContext } from '../../workspace/page-context';
import type { FieldError, Option } from '../../workspace/views/components';
import { sendPage } from '../../workspace/workspace.controller';
import { WorkspacePage } from '../../workspace/workspace-page.decorator';
import { WorkspaceService } from '../../workspace/workspace.service';
import { StaffInvitations } from './staff-invitations';
import { InviteFormValues, staffListView, staffMemberView } from './views/staff.view';

/** Errors a service raised about the whole form, shown at the part of the page they are about. */
const at = (errors: FieldError[], target: string): FieldError[] =>
  errors.map((e) => (e.field === '_form' ? { ...e, field: target } : e));

const INVITE_FIELDS = ['name', 'email', 'role', 'interfaceLanguage'];

/** One plain sentence per field, in the order of the form (the validator's order is the DTO's). */
function inviteErrors(errors: FieldError[], typed: InviteFormValues, t: TFunction): FieldError[] {
  const out: FieldError[] = [];
  for (const field of INVITE_FIELDS) {
    const found = errors.find((e) => e.field === field);
    if (!found) continue;
    const message =
      field === 'name'
        ? t(typed.name ? 'invite.nameTooLong' : 'invite.nameMissing')
        : field === 'email' && !typed.email
          ? t('invite.emailMissing')
          : found.message;
    out.push({ field, message });
  }
  return out;
}

/**
 * The school's staff: who works with oudermaatje here and in which role; invite a colleague
 * by e-mail, change a role, send an invitation again, remove someone. School admins only.
 */
@Controller('schools/:schoolId/staff')
@WorkspacePage()
@SchoolAccess('admin')
export class StaffPagesController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly staff: StaffService,
    private readonly invitations: StaffInvitations,
    private readonly i18n: I18nService,
  ) {}

  private languages(): Option[] {
    return STAFF_LANGUAGES.map((l) => ({
      value: l,
      label: this.i18n.languageName(l, l),
      lang: l,
    }));
  }

  private async list(
    ctx: PageContext,
    schoolId: string,
    form: InviteFormValues = {},
    errors?: FieldError[],
  ): Promise<string> {
    return staffListView(ctx, {
      members: await this.staff.members(schoolId),
      form,
      errors,
      languages: this.languages(),
    });
  }

  @Get()
  @ApiOperation({ summary: "The school's staff, and a form to invite a colleague (school admins)" })
  async index(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-settings');
    sendPage(res, await this.list(ctx, schoolId));
  }

  @Post('invite')
  @HttpCode(303)
  @ApiOperation({
    summary:
      'Invite a colleague by e-mail: a new address chooses a password through a link; an existing account is only added',
  })
  async invite(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-settings');
    const t = ctx.tr('ws-settings');
    const typed: InviteFormValues = {
      name: field(body, 'name'),
      email: field(body, 'email'),
      role: field(body, 'role'),
      interfaceLanguage: field(body, 'interfaceLanguage') || 'nl',
    };
    const form = await validateForm(AddStaffDto, typed, t);
    const errors = form.ok ? [] : inviteErrors(form.errors, typed, t);
    if (!(STAFF_LANGUAGES as readonly string[]).includes(typed.interfaceLanguage ?? ''))
      errors.push({ field: 'interfaceLanguage', message: t('invite.languageInvalid') });
    if (!form.ok || errors.length)
      return sendPage(res, await this.list(ctx, schoolId, typed, errors), 422);
    try {
      await this.invitations.invite(ctx.actor, ctx.school!, form.value, form.value.role);
    } catch (err) {
      const shown = formErrorsFrom(err, t);
      if (!shown) throw err;
      return sendPage(res, await this.list(ctx, schoolId, typed, at(shown, 'email')), 422);
    }
    res.redirect(303, `/schools/${schoolId}/staff?done=invited`);
  }

  @Get(':staffId')
  @ApiOperation({ summary: 'One colleague: role, invitation, removal (school admins)' })
  async member(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('staffId', 'Staff member') staffId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-settings');
    sendPage(res, staffMemberView(ctx, { member: await this.staff.member(schoolId, staffId) }));
  }

  private async memberAgain(
    res: Response,
    ctx: PageContext,
    t: TFunction,
    staffId: string,
    err: unknown,
    target: string,
    role?: string,
  ): Promise<void> {
    const errors = formErrorsFrom(err, t);
    if (!errors) throw err;
    const member = await this.staff.member(ctx.school!.id, staffId);
    sendPage(res, staffMemberView(ctx, { member, role, errors: at(errors, target) }), 422);
  }

  @Post(':staffId/role')
  @HttpCode(303)
  @ApiOperation({
    summary: "Change a colleague's role; the school's last administrator keeps the role",
  })
  async changeRole(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('staffId', 'Staff member') staffId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-settings');
    const t = ctx.tr('ws-settings');
    const role = field(body, 'role');
    const form = await validateForm(ChangeRoleDto, { role }, t);
    if (!form.ok) {
      const member = await this.staff.member(schoolId, staffId);
      return sendPage(res, staffMemberView(ctx, { member, role, errors: form.errors }), 422);
    }
    try {
      await this.staff.changeRole(ctx.actor, schoolId, staffId, form.value.role);
    } catch (err) {
      return this.memberAgain(res, ctx, t, staffId, err, 'role', role);
    }
    // Someone who gave up their own admin role can no longer open this page.
    if (staffId === ctx.actor.staffId && form.value.role !== 'school_admin')
      return res.redirect(303, `/schools/${schoolId}`);
    res.redirect(303, `/schools/${schoolId}/staff/${staffId}?done=role_changed`);
  }

  @Post(':staffId/resend')
  @HttpCode(303)
  @ApiOperation({ summary: 'Send an open invitation again' })
  async resend(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('staffId', 'Staff member') staffId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-settings');
    try {
      await this.invitations.resend(ctx.actor, ctx.school!, staffId);
    } catch (err) {
      return this.memberAgain(res, ctx, ctx.tr('ws-settings'), staffId, err, 'resend');
    }
    res.redirect(303, `/schools/${schoolId}/staff/${staffId}?done=resent`);
  }

  @Post(':staffId/remove')
  @HttpCode(303)
  @ApiOperation({
    summary: 'Remove a colleague from the school (the account stays); never the last administrator',
  })
  async remove(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('staffId', 'Staff member') staffId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-settings');
    try {
      await this.staff.removeFromSchool(ctx.actor, schoolId, staffId);
    } catch (err) {
      return this.memberAgain(res, ctx, ctx.tr('ws-settings'), staffId, err, 'remove');
    }
    if (staffId === ctx.actor.staffId) return res.redirect(303, '/schools');
    res.redirect(303, `/schools/${schoolId}/staff?done=removed`);
  }
}
