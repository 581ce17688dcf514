import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { SCHOOL_TIME_ZONE } from '../activities/core/local-time';
import { ActiveSession, StaffSessionService } from '../auth/staff-session.service';
import { readCookie, sessionCookieName } from '../auth/session-cookie';
import type { WorkspaceRequest } from '../common/auth/access.decorators';
import { NotFoundError } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/config';
import { I18nService, staffLanguage, StaffNamespace } from '../i18n/i18n.service';
import { SchoolsService } from '../schools/schools.service';
import type { PageContext, SchoolChoice } from './page-context';

/** Builds the PageContext of a request: who looks, in which language, at which school. */
@Injectable()
export class WorkspaceService {
  constructor(
    private readonly i18n: I18nService,
    private readonly schools: SchoolsService,
    private readonly sessions: StaffSessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Texts without a session (login page): the language asked for, or Dutch. */
  publicTexts(lang?: string): Pick<PageContext, 'lang' | 'dir' | 't' | 'tr'> {
    const l = staffLanguage(lang);
    return {
      lang: l,
      dir: this.i18n.dir(l),
      t: this.i18n.t(l, 'workspace'),
      tr: (ns) => this.i18n.t(l, ns),
    };
  }

  /** The session behind the request's cookie, on pages that also work without one. */
  currentSession(req: Request): Promise<ActiveSession | undefined> {
    return this.sessions.resolve(readCookie(req.headers.cookie, sessionCookieName(this.config)));
  }

  /**
   * The context of a workspace page. With a schoolId the page is about that school (the
   * guard already checked the membership); it becomes the session's current school.
   * `ns` names the area whose `notices.<done>` text shows after a completed form.
   */
  async context(
    req: WorkspaceRequest,
    schoolId?: string,
    ns?: StaffNamespace,
  ): Promise<PageContext> {
    const actor = req.actor;
    const session = req.staffSession;
    if (!actor || !session)
      throw new Error('WorkspaceService.context() on a page without a session');
    const texts = this.publicTexts(actor.interfaceLanguage);
    const [names, boards] = await Promise.all([
      actor.schoolNames
        ? [...actor.schoolNames].map(([id, name]) => ({ id, name }))
        : this.schools.namesOf([...actor.schoolRoles.keys()]),
      actor.adminOfBoards.length ? this.schools.listBoards(actor) : Promise.resolve([]),
    ]);
    const schools: SchoolChoice[] = names.map((s) => ({
      ...s,
      role: actor.schoolRoles.get(s.id)!,
    }));
    let school: SchoolChoice | undefined;
    if (schoolId) {
      school = schools.find((s) => s.id === schoolId.toLowerCase());
      if (!school) throw new NotFoundError('School');
      if (session.schoolId !== school.id) await this.sessions.chooseSchool(session.id, school.id);
    }
    const done = typeof req.query?.done === 'string' ? req.query.done : undefined;
    let notice: string | undefined;
    if (done && /^[a-zA-Z_.]{1,60}$/.test(done)) {
      const key = `notices.${done}`;
      for (const n of [ns, 'workspace'] as const) {
        if (!n) continue;
        const text = texts.tr(n)(key, { defaultValue: '' });
        if (text) {
          notice = text;
          break;
        }
      }
    }
    return {
      ...texts,
      actor,
      staffName: actor.name ?? actor.email,
      csrfToken: session.csrfToken,
      school,
      schools,
      boards: boards.map((b) => ({ id: b.id, name: b.name })),
      path: req.path,
      notice,
      timeZone: SCHOOL_TIME_ZONE,
    };
  }

  /** The school to open after login or at `/`: the last one used, or the only one. */
  async defaultSchool(req: WorkspaceRequest, session: ActiveSession): Promise<string | undefined> {
    const roles = req.actor?.schoolRoles;
    if (!roles) return undefined;
    if (session.schoolId && roles.has(session.schoolId)) return session.schoolId;
    return roles.size === 1 ? [...roles.keys()][0] : undefined;
  }
}
