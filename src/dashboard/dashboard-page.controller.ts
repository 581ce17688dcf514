import { Body, Controller, Get, Headers, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditService } from '../audit/audit.service';
import { ActorResolver } from '../auth/actor.resolver';
import { AuthService } from '../auth/auth.service';
import { TokenService } from '../auth/token.service';
import { Public } from '../common/auth/access.decorators';
import { DomainError } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/config';
import { I18nService } from '../i18n/i18n.service';
import { isShipped } from '../i18n/languages';
import { SchoolsService } from '../schools/schools.service';
import { dashboardPage, loginPage, PageLabels } from './dashboard-page.view';
import { DashboardService } from './dashboard.service';

const COOKIE = 'om_session';

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * GET /dashboard: the buddy overview as a web page for staff. Logging in sets an HttpOnly,
 * SameSite=Strict cookie holding the same short-lived token the API uses.
 */
@ApiTags('dashboard (HTML)')
@ApiProduces('text/html')
@Public()
@Controller('dashboard')
export class DashboardPageController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly tokens: TokenService,
    private readonly actors: ActorResolver,
    private readonly dashboard: DashboardService,
    private readonly schools: SchoolsService,
    private readonly i18n: I18nService,
    private readonly audit: AuditService,
  ) {}

  private labels(lang: string): PageLabels {
    const l = isShipped(lang) ? lang : 'nl';
    const taxonomy = this.i18n.t(l, 'taxonomy');
    return {
      t: this.i18n.t(l, 'dashboard'),
      lang: l,
      dir: this.i18n.dir(l),
      languageName: (code) => this.i18n.languageName(code, l),
      situationLabel: (code) => taxonomy(`situation.${code}`),
    };
  }

  @Get()
  @ApiOperation({ summary: 'The buddy overview as a web page (a login form without a session)' })
  @ApiResponse({ status: 200, description: 'HTML page' })
  async show(
    @Query('school') schoolParam: string | undefined,
    @Query('lang') langParam: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const token = readCookie(req.headers.cookie, COOKIE);
    let staffId: string | undefined;
    try {
      staffId = token ? this.tokens.verify(token) : undefined;
    } catch {
      staffId = undefined;
    }
    if (!staffId) {
      res
        .status(200)
        .type('html')
        .send(loginPage(this.labels(langParam ?? 'nl')));
      return;
    }
    const actor = await this.actors.resolve(
      staffId,
      req.ip,
      typeof req.id === 'string' ? req.id : undefined,
    );
    const labels = this.labels(langParam ?? actor.interfaceLanguage);
    const schools = await this.schools.namesOf([...actor.schoolRoles.keys()]);
    const school = schools.find((s) => s.id === schoolParam) ?? schools[0];
    if (!school) {
      res
        .status(200)
        .type('html')
        .send(loginPage(labels, labels.t('aggregateOnly')));
      return;
    }
    const withPeople = actor.schoolRoles.get(school.id) !== 'viewer';
    const data = await this.dashboard.forSchool(school.id, withPeople);
    if (withPeople)
      await this.audit.record(actor, {
        schoolId: school.id,
        action: 'dashboard.read',
        entityType: 'school',
        entityId: school.id,
      });
    res
      .status(200)
      .type('html')
      .send(dashboardPage(labels, data, schools));
  }

  @Post('login')
  @ApiOperation({ summary: 'Staff login form: sets an HttpOnly session cookie' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiResponse({ status: 303, description: 'Logged in: back to /dashboard' })
  @ApiResponse({ status: 401, description: 'Wrong e-mail or password (the form again)' })
  @ApiResponse({ status: 429, description: 'Locked after repeated failures' })
  async login(
    @Body() body: Record<string, unknown>,
    @Headers('origin') origin: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const labels = this.labels(typeof body.lang === 'string' ? body.lang : 'nl');
    if (origin && origin !== 'null' && origin !== new URL(this.config.publicBaseUrl).origin) {
      res
        .status(403)
        .type('html')
        .send(loginPage(labels, labels.t('login.failed')));
      return;
    }
    try {
      const email = typeof body.email === 'string' ? body.email : '';
      const password = typeof body.password === 'string' ? body.password : '';
      const result = await this.auth.login(
        email,
        password,
        req.ip,
        typeof req.id === 'string' ? req.id : undefined,
      );
      const secure = this.config.publicBaseUrl.startsWith('https:') ? '; Secure' : '';
      res.setHeader(
        'Set-Cookie',
        `${COOKIE}=${encodeURIComponent(result.accessToken)}; HttpOnly; SameSite=Strict; Path=/dashboard; Max-Age=${result.expiresIn}${secure}`,
      );
      res.redirect(303, '/dashboard');
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const locked = err.kind === 'too_many_requests';
      res
        .status(locked ? 429 : 401)
        .type('html')
        .send(loginPage(labels, labels.t(locked ? 'login.locked' : 'login.failed')));
    }
  }

  @Post('logout')
  @ApiOperation({ summary: 'Ends the session' })
  @ApiResponse({ status: 303, description: 'Back to the login form' })
  logout(@Res() res: Response): void {
    res.setHeader(
      'Set-Cookie',
      `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/dashboard; Max-Age=0`,
    );
    res.redirect(303, '/dashboard');
  }
}
