import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  AuthenticatedRequest,
  IS_PUBLIC,
  WORKSPACE_PAGE,
  WorkspacePageAccess,
  WorkspaceRequest,
} from '../common/auth/access.decorators';
import { ForbiddenError, UnauthenticatedError } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/config';
import { ActorResolver } from './actor.resolver';
import { readCookie, sessionCookieName } from './session-cookie';
import { StaffSessionService } from './staff-session.service';
import { TokenService } from './token.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every route needs a valid staff token unless marked @Public(). Pages of the staff
 * workspace use the session cookie instead, and their form posts a CSRF token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly actors: ActorResolver,
    private readonly sessions: StaffSessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const page = this.reflector.getAllAndOverride<WorkspacePageAccess | undefined>(
      WORKSPACE_PAGE,
      targets,
    );
    if (page) return this.workspace(context.switchToHttp().getRequest<WorkspaceRequest>(), page);
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match)
      throw new UnauthenticatedError(
        'auth.missing_token',
        'Send an access token: Authorization: Bearer <token>.',
      );
    req.actor = await this.actors.resolveToken(
      this.tokens.verifyClaims(match[1]),
      req.ip,
      typeof req.id === 'string' ? req.id : undefined,
    );
    return true;
  }

  private async workspace(req: WorkspaceRequest, access: WorkspacePageAccess): Promise<boolean> {
    req.isWorkspacePage = true;
    if (!SAFE_METHODS.has(req.method)) this.checkOrigin(req);
    if (access === 'public') return true;
    const found = await this.actors.resolveSession(
      readCookie(req.headers.cookie, sessionCookieName(this.config)),
      req.ip,
      typeof req.id === 'string' ? req.id : undefined,
    );
    if (!found)
      throw new UnauthenticatedError('session.none', 'Log in to use the staff workspace.');
    const { session, actor } = found;
    if (!SAFE_METHODS.has(req.method)) {
      const body = req.body as Record<string, unknown> | undefined;
      // A file upload (multipart) is parsed after the guards; its form carries the token in the address.
      const given = body?._csrf ?? (req.query as Record<string, unknown>)._csrf;
      if (!this.sessions.checkCsrf(session, given))
        throw new ForbiddenError('session.csrf', 'The form has expired; open the page again.');
    }
    req.staffSession = session;
    req.actor = actor;
    return true;
  }

  /** A form post from another site is refused (the browser names the site it came from). */
  private checkOrigin(req: WorkspaceRequest): void {
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    const ours = new URL(this.config.publicBaseUrl).origin;
    const foreignOrigin = typeof origin === 'string' && origin !== ours;
    const foreignSite = site === 'cross-site' || site === 'same-site';
    if (foreignOrigin || foreignSite)
      throw new ForbiddenError('session.origin', 'Forms are only accepted from this site.');
  }
}
