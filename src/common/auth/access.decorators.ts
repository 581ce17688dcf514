import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { Actor } from './actor';

export const IS_PUBLIC = 'oudermaatje:public';
export const SCHOOL_ACCESS = 'oudermaatje:school-access';

/** No staff token needed (health, login, parent pages). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * What a route under /schools/{schoolId} exposes:
 * - 'personal' (the default): personal data; coordinators and school admins;
 * - 'aggregate': figures without personal data; viewers too;
 * - 'admin': the school's staff and settings; school admins (and platform admins).
 */
export type SchoolAccessLevel = 'personal' | 'aggregate' | 'admin';
export const SchoolAccess = (level: SchoolAccessLevel): MethodDecorator & ClassDecorator =>
  SetMetadata(SCHOOL_ACCESS, level);

export interface AuthenticatedRequest extends Request {
  actor?: Actor;
}

/** The authenticated staff member of this request. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});

export const WORKSPACE_PAGE = 'oudermaatje:workspace-page';
/**
 * A page of the staff workspace: the staff member is known from the session cookie (not a
 * bearer token), and every form post must carry the session's CSRF token. 'public' pages
 * (login, forgotten password) need no session.
 */
export type WorkspacePageAccess = 'session' | 'public';

/** The workspace session of this request, set by the guard on workspace pages. */
export interface WorkspaceRequest extends AuthenticatedRequest {
  staffSession?: { id: string; staffId: string; csrfToken: string; schoolId: string | null };
  isWorkspacePage?: boolean;
}
