import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { Response } from 'express';
import type { WorkspaceRequest } from '../common/auth/access.decorators';
import { DomainError } from '../common/errors/domain-error';
import { html } from '../common/http/html';
import { ProblemDetailsFilter } from '../common/http/problem-details.filter';
import { APP_LOGGER, AppLogger } from '../common/logging/app-logger';
import { I18nService, staffLanguage } from '../i18n/i18n.service';
import { alert, paragraph } from './views/components';
import { publicPage } from './views/layout';

/** Where to go back to after logging in: a path of this site, never another site. */
export function safeNext(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 500) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  if (/[\r\n\0]/.test(value)) return undefined;
  return value;
}

/**
 * Errors on workspace pages are pages too: no session leads to the login (and back to the
 * page after it), another school's record is a plain "not found" page, a stale form says so.
 * The status codes are those of the API for the same error.
 */
@Catch()
export class WorkspaceErrorFilter implements ExceptionFilter {
  private readonly problems: ProblemDetailsFilter;

  constructor(
    private readonly i18n: I18nService,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    this.problems = new ProblemDetailsFilter(logger);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<WorkspaceRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    res.setHeader('Cache-Control', 'no-store');
    if (exception instanceof DomainError && exception.code === 'session.none') {
      const next = req.method === 'GET' ? safeNext(req.originalUrl) : undefined;
      res.redirect(
        303,
        next && next !== '/' ? `/?next=${encodeURIComponent(next)}` : '/?expired=1',
      );
      return;
    }
    const problem = this.problems.toProblem(exception, req);
    const lang = staffLanguage(req.actor?.interfaceLanguage);
    const t = this.i18n.t(lang, 'workspace');
    const status = problem.status;
    const known = ['400', '403', '404', '409', '412', '413', '422', '429'].includes(String(status));
    const title = t(`errorPage.title.${known ? status : status >= 500 ? '500' : 'other'}`);
    const generic = t(`errorPage.detail.${known ? status : status >= 500 ? '500' : 'other'}`);
    const detail =
      exception instanceof DomainError
        ? (this.i18n.errorSentence(lang, exception.code) ?? generic)
        : generic;
    if (exception instanceof DomainError && exception.kind === 'too_many_requests') {
      const retry = Number(exception.extra?.retryAfterSeconds ?? 60);
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retry))));
    }
    const body = html`<h1 class="utrecht-heading-1">${title}</h1>
      ${alert(status >= 500 ? 'error' : 'warning', paragraph(detail))}
      ${problem.requestId ? paragraph(t('errorPage.reference', { id: problem.requestId })) : ''}
      <p class="utrecht-paragraph"><a class="utrecht-link" href="/">${t('errorPage.home')}</a></p>`;
    res
      .status(status)
      .type('html')
      .send(publicPage({ lang, dir: this.i18n.dir(lang), t }, { title, body }));
  }
}
