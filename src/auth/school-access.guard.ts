import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  AuthenticatedRequest,
  SCHOOL_ACCESS,
  SchoolAccessLevel,
} from '../common/auth/access.decorators';
import { ForbiddenError, NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/http/id.pipe';

/**
 * The one place that checks a route's {schoolId} against the caller's memberships.
 * No membership (or a malformed id): 404, so another school's existence is not revealed.
 * A membership with too little access: 403.
 */
@Injectable()
export class SchoolAccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const raw: unknown = req.params?.schoolId;
    if (raw === undefined) return true;
    const schoolId = typeof raw === 'string' ? raw : '';
    const actor = req.actor;
    if (!actor) return true; // public route with a schoolId param: none exist; the auth guard ran first
    const level =
      this.reflector.getAllAndOverride<SchoolAccessLevel>(SCHOOL_ACCESS, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'personal';
    const role = isUuid(schoolId) ? actor.schoolRoles.get(schoolId.toLowerCase()) : undefined;
    if (!role) {
      // A platform admin may manage any school's staff and settings (to create its first admin).
      if (level === 'admin' && actor.isPlatformAdmin && isUuid(schoolId)) return true;
      throw new NotFoundError('School');
    }
    const allowed =
      level === 'aggregate'
        ? true
        : level === 'personal'
          ? role === 'coordinator' || role === 'school_admin'
          : role === 'school_admin';
    if (!allowed)
      throw new ForbiddenError(
        level === 'admin' ? 'access.admin_only' : 'access.personal_data',
        level === 'admin'
          ? 'Only school administrators may do this.'
          : 'Your role sees aggregate figures only, not personal data.',
      );
    return true;
  }
}
