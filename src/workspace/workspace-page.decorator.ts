import { applyDecorators, SetMetadata, UseFilters } from '@nestjs/common';
import { ApiCookieAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { WORKSPACE_PAGE, WorkspacePageAccess } from '../common/auth/access.decorators';
import { WorkspaceErrorFilter } from './workspace-error.filter';

/**
 * A controller (or handler) of the staff workspace: HTML pages behind the session cookie,
 * CSRF-checked form posts, and errors shown as pages (a missing session leads to the login).
 * Routes under /schools/:schoolId are checked by the same SchoolAccessGuard as the API.
 */
export function WorkspacePage(
  access: WorkspacePageAccess = 'session',
): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(WORKSPACE_PAGE, access),
    UseFilters(WorkspaceErrorFilter),
    ApiTags('staff workspace (HTML pages)'),
    ApiProduces('text/html'),
    ...(access === 'session' ? [ApiCookieAuth('om_session')] : []),
  );
}
