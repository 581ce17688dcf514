import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest, IS_PUBLIC } from '../common/auth/access.decorators';
import { UnauthenticatedError } from '../common/errors/domain-error';
import { ActorResolver } from './actor.resolver';
import { TokenService } from './token.service';

/** Every route needs a valid staff token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly actors: ActorResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match)
      throw new UnauthenticatedError(
        'auth.missing_token',
        'Send an access token: Authorization: Bearer <token>.',
      );
    const staffId = this.tokens.verify(match[1]);
    req.actor = await this.actors.resolve(
      staffId,
      req.ip,
      typeof req.id === 'string' ? req.id : undefined,
    );
    return true;
  }
}
