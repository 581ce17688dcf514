import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AuthService } from '../auth/auth.service';
import { PasswordsService } from '../auth/passwords.service';
import { cookie, loginCookieName, readCookie, sessionCookieName } from '../auth/session-cookie';
import { StaffSessionService } from '../auth/staff-session.service';
import type { WorkspaceRequest } from '../common/auth/access.decorators';
import { DomainError } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/config';
import { staffLanguage } from '../i18n/i18n.service';
import { StaffRepository } from '../staff/staff.repository';
import { StaffMailer } from '../staff/staff-mailer';
import { StaffService } from '../staff/staff.service';
import { errorMessage, field, type FormBody } from './forms';
import { safeNext } from './workspace-error.filter';
import { WorkspacePage } from './workspace-page.decorator';
import { WorkspaceService } from './workspace.service';
import { accountView, forgotView, loginView, setPasswordView } from './views/auth.view';
import type { FieldError } from './views/components';
import { schoolsView } from './views/home.view';
import { acceptInvitationView } from './views/accept.view';

/**
 * Sends a page: never cached (it holds personal data and a CSRF token), so written as it is,
 * without an ETag (a hash of the whole page no cache would ever ask about).
 */
export function sendPage(res: Response, page: string, status = 200): void {
  res.statusCode = status;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(page));
  res.end(page);
}

function sameSecret(a: unknown, b: string | undefined): boolean {
  if (typeof a !== 'string' || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The shell of the staff workspace: `/` (login or home), logging in and out, choosing a
 * school, the account page (password, language) and the forgotten-password link.
 */
@Controller()
export class WorkspaceController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly auth: AuthService,
    private readonly sessions: StaffSessionService,
    private readonly passwords: PasswordsService,
    private readonly staff: StaffRepository,
    private readonly staffService: StaffService,
    private readonly mailer: StaffMailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The login form's CSRF secret, in a cookie of its own until there is a session (double submit). */
  private loginCsrf(req: Request, res: Response): string {
    const name = loginCookieName(this.config);
    let value = readCookie(req.headers.cookie, name);
    if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
      value = randomBytes(32).toString('base64url');
      res.append('Set-Cookie', cookie(this.config, name, value, 60 * 60 * 24));
    }
    return value;
  }

  private loginCsrfValid(req: Request, body: FormBody): boolean {
    return sameSecret(body._csrf, readCookie(req.headers.cookie, loginCookieName(this.config)));
  }

  @Get()
  @WorkspacePage('public')
  @ApiOperation({ summary: 'The staff workspace: the login form, or the home page with a session' })
  async root(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @Query() q: Record<string, unknown>,
  ): Promise<void> {
    const session = await this.workspace.currentSession(req);
    if (session) {
      const next = safeNext(q.next);
      if (next) return res.redirect(303, next);
      const school = await this.defaultSchoolOf(session.staffId, session.schoolId);
      return res.redirect(303, school ? `/schools/${school}` : '/schools');
    }
    const texts = this.workspace.publicTexts(typeof q.lang === 'string' ? q.lang : undefined);
    const message =
      q.expired !== undefined
        ? { kind: 'info' as const, text: texts.t('login.expired') }
        : q.done === 'logged_out'
          ? { kind: 'ok' as const, text: texts.t('login.loggedOut') }
          : q.done === 'password_set'
            ? { kind: 'ok' as const, text: texts.t('login.passwordSet') }
            : q.done === 'invitation_accepted'
              ? { kind: 'ok' as const, text: texts.t('login.invitationAccepted') }
              : q.done === 'invitation_declined'
                ? { kind: 'ok' as const, text: texts.t('login.invitationDeclined') }
                : undefined;
    sendPage(
      res,
      loginView(texts, { csrf: this.loginCsrf(req, res), next: safeNext(q.next), message }),
    );
  }

  private async defaultSchoolOf(staffId: string, last: string | null): Promise<string | undefined> {
    const { roles } = await this.staff.schoolRoles(staffId);
    const ids = [...new Set(roles.map((r) => r.schoolId))];
    if (last && ids.includes(last)) return last;
    return ids.length === 1 ? ids[0] : undefined;
  }

  @Post('login')
  @HttpCode(303)
  @WorkspacePage('public')
  @ApiOperation({ summary: 'Log in to the workspace: sets an HttpOnly session cookie' })
  async login(@Req() req: Request, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const texts = this.workspace.publicTexts(undefined);
    const email = field(body, 'email');
    const password = typeof body?.password === 'string' ? body.password : '';
    const next = safeNext(field(body, 'next'));
    const again = (status: number, errors: FieldError[], message?: string): void =>
      sendPage(
        res,
        loginView(texts, {
          csrf: this.loginCsrf(req, res),
          email,
          next,
          errors,
          message: message ? { kind: 'error', text: message } : undefined,
        }),
        status,
      );
    if (!this.loginCsrfValid(req, body)) return again(403, [], texts.t('login.formExpired'));
    const errors: FieldError[] = [];
    if (!email) errors.push({ field: 'email', message: texts.t('login.emailMissing') });
    if (!password) errors.push({ field: 'password', message: texts.t('login.passwordMissing') });
    if (errors.length) return again(422, errors);
    let staffId: string;
    try {
      staffId = await this.auth.verifyCredentials(
        email,
        password,
        req.ip,
        typeof req.id === 'string' ? req.id : undefined,
      );
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const locked = err.kind === 'too_many_requests';
      if (locked)
        res.setHeader('Retry-After', String(Math.ceil(Number(err.extra?.retryAfterSeconds ?? 60))));
      return again(locked ? 429 : 401, [], texts.t(locked ? 'login.locked' : 'login.failed'));
    }
    const { secret } = await this.sessions.start(
      staffId,
      (await this.defaultSchoolOf(staffId, null)) ?? null,
    );
    res.append(
      'Set-Cookie',
      cookie(this.config, sessionCookieName(this.config), secret, this.sessions.idleSeconds * 24),
    );
    res.append('Set-Cookie', cookie(this.config, loginCookieName(this.config), '', 0));
    res.redirect(303, next ?? '/');
  }

  @Post('logout')
  @HttpCode(303)
  @WorkspacePage()
  @ApiOperation({ summary: 'Log out: ends the session at once' })
  async logout(@Req() req: WorkspaceRequest, @Res() res: Response): Promise<void> {
    if (req.staffSession) await this.sessions.end(req.staffSession.id);
    res.append('Set-Cookie', cookie(this.config, sessionCookieName(this.config), '', 0));
    res.redirect(303, '/?done=logged_out');
  }

  @Get('schools')
  @WorkspacePage()
  @ApiOperation({ summary: 'Choose a school (staff of several schools or a board)' })
  async schools(@Req() req: WorkspaceRequest, @Res() res: Response): Promise<void> {
    sendPage(res, schoolsView(await this.workspace.context(req)));
  }

  @Get('account')
  @WorkspacePage()
  @ApiOperation({ summary: 'Your account: language and password' })
  async account(@Req() req: WorkspaceRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.workspace.context(req);
    sendPage(res, accountView(ctx, { email: ctx.actor.email }));
  }

  @Post('account/language')
  @HttpCode(303)
  @WorkspacePage()
  @ApiOperation({ summary: 'Choose the language of the workspace' })
  async language(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @Body() body: FormBody,
  ): Promise<void> {
    const language = staffLanguage(field(body, 'language'));
    await this.staffService.setInterfaceLanguage(req.actor!, language);
    res.redirect(303, '/account?done=language');
  }

  @Post('account/password')
  @HttpCode(303)
  @WorkspacePage()
  @ApiOperation({ summary: 'Change your own password (your other sessions end)' })
  async changePassword(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req);
    const current = typeof body?.currentPassword === 'string' ? body.currentPassword : '';
    const next = typeof body?.newPassword === 'string' ? body.newPassword : '';
    const repeat = typeof body?.repeatPassword === 'string' ? body.repeatPassword : '';
    const errors: FieldError[] = [];
    if (!current)
      errors.push({ field: 'currentPassword', message: ctx.t('account.currentMissing') });
    if (next !== repeat)
      errors.push({ field: 'repeatPassword', message: ctx.t('account.repeatDiffers') });
    if (!errors.length) {
      try {
        await this.passwords.changeOwn(ctx.actor, current, next, req.staffSession!.id);
        return res.redirect(303, '/account?done=password');
      } catch (err) {
        if (!(err instanceof DomainError) || err.kind !== 'invalid') throw err;
        errors.push({
          field: err.fields?.[0]?.field ?? 'newPassword',
          message: errorMessage(ctx.t, err),
        });
      }
    }
    sendPage(res, accountView(ctx, { email: ctx.actor.email, errors }), 422);
  }

  @Get('password/forgot')
  @WorkspacePage('public')
  @ApiOperation({ summary: 'Forgotten password: ask for a one-time link by e-mail' })
  forgot(@Req() req: Request, @Res() res: Response, @Query('lang') lang?: string): void {
    const texts = this.workspace.publicTexts(lang);
    sendPage(res, forgotView(texts, { csrf: this.loginCsrf(req, res) }));
  }

  @Post('password/forgot')
  @HttpCode(200)
  @WorkspacePage('public')
  @ApiOperation({ summary: 'Send a one-time link (the answer is the same for unknown addresses)' })
  async sendForgot(
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: FormBody,
  ): Promise<void> {
    const texts = this.workspace.publicTexts(undefined);
    const email = field(body, 'email');
    if (!this.loginCsrfValid(req, body) || !/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 320)
      return sendPage(
        res,
        forgotView(texts, {
          csrf: this.loginCsrf(req, res),
          email,
          errors: [
            {
              field: 'email',
              message: texts.t(
                this.loginCsrfValid(req, body) ? 'forgot.emailInvalid' : 'login.formExpired',
              ),
            },
          ],
        }),
        422,
      );
    const issued = await this.passwords.issueReset(email);
    // Sent in the background: the answer takes as long for unknown addresses as for known ones.
    if (issued) void this.mailer.sendPasswordLink(issued, 'reset', issued.token);
    sendPage(res, forgotView(texts, { csrf: this.loginCsrf(req, res), sent: true }));
  }

  @Get('password/set')
  @WorkspacePage('public')
  @ApiOperation({ summary: 'Choose a new password through a one-time link' })
  async setForm(
    @Req() req: Request,
    @Res() res: Response,
    @Query('token') token?: string,
  ): Promise<void> {
    const texts = this.workspace.publicTexts(undefined);
    const value = typeof token === 'string' ? token : '';
    const purpose = value ? await this.passwords.peek(value) : undefined;
    sendPage(
      res,
      setPasswordView(texts, { csrf: this.loginCsrf(req, res), token: value, purpose }),
      purpose ? 200 : 410,
    );
  }

  @Post('password/set')
  @HttpCode(303)
  @WorkspacePage('public')
  @ApiOperation({ summary: 'Set the new password; every session of the account ends' })
  async set(@Req() req: Request, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const texts = this.workspace.publicTexts(undefined);
    const token = field(body, 'token');
    const next = typeof body?.newPassword === 'string' ? body.newPassword : '';
    const repeat = typeof body?.repeatPassword === 'string' ? body.repeatPassword : '';
    const purpose = await this.passwords.peek(token);
    const errors: FieldError[] = [];
    if (!this.loginCsrfValid(req, body))
      errors.push({ field: 'newPassword', message: texts.t('login.formExpired') });
    else if (next !== repeat)
      errors.push({ field: 'repeatPassword', message: texts.t('account.repeatDiffers') });
    if (!errors.length && purpose) {
      try {
        await this.passwords.useLink(token, next);
        res.append('Set-Cookie', cookie(this.config, sessionCookieName(this.config), '', 0));
        return res.redirect(303, '/?done=password_set');
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        errors.push({ field: 'newPassword', message: errorMessage(texts.t, err) });
      }
    }
    sendPage(
      res,
      setPasswordView(texts, { csrf: this.loginCsrf(req, res), token, purpose, errors }),
      purpose ? 422 : 410,
    );
  }

  @Get('invitations/accept')
  @WorkspacePage('public')
  @ApiOperation({
    summary: 'Accept or decline being added to a school or board (an existing account), by link',
  })
  async acceptForm(
    @Req() req: Request,
    @Res() res: Response,
    @Query('token') token?: string,
  ): Promise<void> {
    const texts = this.workspace.publicTexts(undefined);
    const value = typeof token === 'string' ? token : '';
    const pending = value ? await this.staffService.pendingMembership(value) : undefined;
    sendPage(
      res,
      acceptInvitationView(texts, { csrf: this.loginCsrf(req, res), token: value, pending }),
      pending ? 200 : 410,
    );
  }

  @Post('invitations/accept')
  @HttpCode(303)
  @WorkspacePage('public')
  @ApiOperation({
    summary: 'Accept (the membership gives access from now on) or decline (it is removed), once',
  })
  async accept(@Req() req: Request, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const texts = this.workspace.publicTexts(undefined);
    const token = field(body, 'token');
    const answer = field(body, 'answer');
    const again = async (error?: string): Promise<void> => {
      const pending = await this.staffService.pendingMembership(token);
      sendPage(
        res,
        acceptInvitationView(texts, { csrf: this.loginCsrf(req, res), token, pending, error }),
        pending ? (error ? 403 : 422) : 410,
      );
    };
    if (!this.loginCsrfValid(req, body)) return again(texts.t('login.formExpired'));
    if (answer !== 'accept' && answer !== 'decline') return again();
    const answered = await this.staffService.answerInvitation(token, answer === 'accept');
    if (!answered) return again();
    // The owner never chose this account's password: the link proved the address is theirs.
    if (answered.needsPassword) {
      const link = await this.passwords.issueInvite(answered.staffId);
      return res.redirect(303, `/password/set?token=${encodeURIComponent(link)}`);
    }
    res.redirect(303, `/?done=invitation_${answer === 'accept' ? 'accepted' : 'declined'}`);
  }
}
