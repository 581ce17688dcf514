import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CalendarService } from '../activities/calendar.service';
import { ActivityShown } from '../activities/activity.entity';
import { RsvpService, RsvpState } from '../activities/rsvp.service';
import { ParentActor } from '../common/auth/actor';
import { DomainError } from '../common/errors/domain-error';
import { html, RawHtml } from '../common/http/html';
import { APP_CONFIG, AppConfig } from '../config/config';
import { I18nService } from '../i18n/i18n.service';
import { isShipped, ShippedLanguage } from '../i18n/languages';
import { Match } from '../matching/match.entity';
import { DeclineReason, MatchLifecycleService } from '../matching/match-lifecycle.service';
import { ReasonTextService } from '../matching/reason-text.service';
import { LinkTokensService } from '../notifications/link-tokens.service';
import { Parent } from '../parents/parent.entity';
import { MESSAGE_TOPICS, MessageTopic } from '../parents/parent.types';
import { ParentsService } from '../parents/parents.service';
import { checkFormToken, issueFormToken } from './form-token';
import { LinkAttemptsService } from './link-attempts.service';
import { PageContextQuery, PageLink, PageParent, PageSchool } from './page-context.query';
import { layout } from './views/layout';
import { activityView } from './views/activity.view';
import { actionForm, notice } from './views/pages';
import { addressContext } from '../notifications/message-renderer';
import { preferencesView } from './views/preferences.view';

export interface PageResult {
  status: number;
  html?: string;
  /** A file to download instead of a page (the calendar entry). */
  file?: { contentType: string; name: string; body: string };
  /** Where to send the browser after a POST (303, so a refresh does not post again). */
  redirect?: string;
}

interface Ctx {
  token: string;
  link: PageLink;
  parent: PageParent;
  school: PageSchool;
  lang: ShippedLanguage;
  t: (key: string, options?: Record<string, unknown>) => string;
  actor: ParentActor;
  /** An activity link's activity and the parent's sign-up, read with the link. */
  activity?: { row: ActivityShown; rsvp: { state: RsvpState; ahead: number | null } };
}

/** The page title: the text of its first heading. */
function firstHeading(body: RawHtml): string | undefined {
  const inner = /<h1>([\s\S]*?)<\/h1>/.exec(body.value)?.[1];
  // Tags dropped and the entities escapeHtml writes read back, in one pass.
  return inner?.replace(/<[^>]+>|&(?:amp|lt|gt|quot|#39);/g, (m) => TEXT_OF[m] ?? '');
}
const TEXT_OF: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

const DECLINE_REASONS: DeclineReason[] = ['no_time', 'not_now', 'someone_else', 'other'];

/**
 * Why an answer could not be taken, as `?done=` after the redirect, and the sentence the page
 * then shows (pages.json `failed.*`) above the page as it is now.
 */
const FAILURES = {
  error: 'failed.error',
  activity_cancelled: 'failed.activityCancelled',
  activity_past: 'failed.activityPast',
  already_answered: 'failed.alreadyAnswered',
} as const;
type Failure = keyof typeof FAILURES;

/** The failure a parent is told about for an error of the action they took. */
export function failureOf(err: DomainError): Failure | 'closed' {
  switch (err.code) {
    case 'activity.cancelled':
      return 'activity_cancelled';
    case 'activity.past':
      return 'activity_past';
    case 'match.already_answered':
      return 'already_answered';
  }
  return err.kind === 'conflict' ? 'closed' : 'error';
}

function isFailure(done: string | undefined): done is Failure {
  return done !== undefined && Object.prototype.hasOwnProperty.call(FAILURES, done);
}

/** The parent's page behind a link: see, answer with one tap, change language, stop messages. */
@Injectable()
export class ParentPageService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly links: LinkTokensService,
    private readonly attempts: LinkAttemptsService,
    private readonly i18n: I18nService,
    private readonly matches: MatchLifecycleService,
    private readonly reasons: ReasonTextService,
    private readonly parents: ParentsService,
    private readonly audit: AuditService,
    private readonly rsvps: RsvpService,
    private readonly calendar: CalendarService,
  ) {
    this.contextQuery = new PageContextQuery(dataSource);
  }

  private readonly contextQuery: PageContextQuery;

  async show(
    token: string,
    query: { view?: string; done?: string },
    ip: string | undefined,
    requestId: string | undefined,
  ): Promise<PageResult> {
    const ctx = await this.context(token, ip, requestId);
    if ('status' in ctx) return ctx;
    if (query.view === 'calendar' && ctx.link.purpose === 'activity' && ctx.link.subjectId) {
      const body = await this.calendar.forActivity(
        ctx.link.schoolId,
        ctx.link.subjectId,
        ctx.lang,
        `${this.config.publicBaseUrl.replace(/\/+$/, '')}/p/${token}`,
      );
      return {
        status: 200,
        file: { contentType: 'text/calendar; charset=utf-8', name: 'activity.ics', body },
      };
    }
    const failed = this.failure(ctx, query.done);
    if (query.view === 'preferences' || ctx.link.purpose === 'preferences')
      return this.page(ctx, html`${failed}${this.preferences(ctx, query.done)}`);
    switch (ctx.link.purpose) {
      case 'match':
        return this.page(ctx, html`${failed}${await this.matchView(ctx, query.done)}`);
      case 'check_in':
        return this.page(ctx, html`${failed}${await this.checkInView(ctx, query.done)}`);
      case 'activity':
        return this.page(ctx, html`${failed}${await this.activityView(ctx, query.done)}`);
    }
  }

  async act(
    token: string,
    form: Record<string, unknown>,
    origin: string | undefined,
    ip: string | undefined,
    requestId: string | undefined,
  ): Promise<PageResult> {
    const ctx = await this.context(token, ip, requestId);
    if ('status' in ctx) return ctx;
    // RFC 8058 one-click unsubscribe from a mail client: the link itself is the authority.
    if (form['List-Unsubscribe'] === 'One-Click') {
      await this.parents.updatePreferences(ctx.actor, ctx.link.schoolId, ctx.parent.id, {
        messagesStopped: true,
      });
      return this.page(
        ctx,
        this.preferences(
          { ...ctx, parent: { ...ctx.parent, messagesStopped: true } },
          'stopped_all',
        ),
      );
    }
    const sameOrigin =
      !origin || origin === 'null' || new URL(this.config.publicBaseUrl).origin === origin;
    if (!sameOrigin || !checkFormToken(this.config.linkSecret, ctx.link.id, form.form))
      return this.page(ctx, notice(ctx.t('error.formTitle'), ctx.t('error.formText'), true), 403);
    const action = typeof form.action === 'string' ? form.action : '';
    let done: string;
    try {
      done = await this.dispatch(ctx, action, form);
    } catch (err) {
      if (err instanceof DomainError) done = failureOf(err);
      else throw err;
    }
    const view = ['language', 'stopped', 'stopped_all', 'resumed', 'matching_withdrawn'].includes(
      done,
    )
      ? '&view=preferences'
      : '';
    return { status: 303, redirect: `/p/${token}?done=${done}${view}` };
  }

  private async dispatch(ctx: Ctx, action: string, form: Record<string, unknown>): Promise<string> {
    const { link, parent, actor } = ctx;
    switch (action) {
      case 'accept':
      case 'decline': {
        if (link.purpose !== 'match' || !link.subjectId) return 'error';
        const reason = DECLINE_REASONS.find((r) => r === form.reason);
        await this.matches.respond(
          actor,
          link.schoolId,
          link.subjectId,
          parent.id,
          action === 'accept' ? 'accepted' : 'declined',
          reason,
        );
        return action === 'accept' ? 'accepted' : 'declined';
      }
      case 'good':
      case 'could_be_better':
      case 'stopped': {
        if (link.purpose !== 'check_in' || !link.subjectId) return 'error';
        await this.matches.checkIn(actor, link.schoolId, link.subjectId, parent.id, action);
        return action === 'stopped' ? 'checked_in_stopped' : 'checked_in';
      }
      case 'sign_up':
      case 'cancel': {
        if (link.purpose !== 'activity' || !link.subjectId) return 'error';
        if (action === 'cancel') {
          await this.rsvps.cancel(actor, link.schoolId, link.subjectId, parent.id);
          return 'cancelled';
        }
        const outcome = await this.rsvps.signUp(actor, link.schoolId, link.subjectId, parent.id);
        return outcome.state === 'waitlisted' ? 'waitlisted' : 'signed_up';
      }
      case 'set_language': {
        const lang = typeof form.language === 'string' ? form.language : '';
        if (!isShipped(lang)) return 'error';
        await this.parents.updatePreferences(actor, link.schoolId, parent.id, {
          messageLanguage: lang,
        });
        return 'language';
      }
      case 'stop': {
        const chosen = ([] as unknown[])
          .concat(form.topic ?? [])
          .filter((x): x is MessageTopic => MESSAGE_TOPICS.includes(x as MessageTopic));
        await this.parents.updatePreferences(actor, link.schoolId, parent.id, {
          stoppedTopics: [...parent.stoppedTopics, ...chosen],
        });
        return 'stopped';
      }
      case 'withdraw_matching':
        // Consent takes effect at once: open proposals are withdrawn (ParentsService).
        await this.parents.withdrawConsent(
          actor,
          link.schoolId,
          parent.id,
          'matching',
          'parent_link',
        );
        return 'matching_withdrawn';
      case 'stop_all':
        await this.parents.updatePreferences(actor, link.schoolId, parent.id, {
          messagesStopped: true,
        });
        return 'stopped_all';
      case 'resume':
        await this.parents.updatePreferences(actor, link.schoolId, parent.id, {
          messagesStopped: false,
          stoppedTopics: [],
        });
        return 'resumed';
      default:
        return 'error';
    }
  }

  private async context(
    token: string,
    ip: string | undefined,
    requestId: string | undefined,
  ): Promise<Ctx | PageResult> {
    // A valid link always works; only unknown ones are counted, and refused past the limit.
    // Link, parent, school and an activity link's activity and sign-up: one prepared query.
    const resolved = await this.contextQuery.find(token);
    if (!resolved) {
      if (!(await this.attempts.unknown(ip)))
        return this.anonymous(429, 'error.tooManyTitle', 'error.tooManyText');
      return this.anonymous(404, 'error.linkTitle', 'error.linkText');
    }
    const { link, expired, parent, school } = resolved;
    if (!parent || parent.erasedAt) return this.anonymous(410, 'error.linkTitle', 'error.linkText');
    const lang = isShipped(parent.messageLanguage) ? parent.messageLanguage : 'nl';
    // The reader's form of address picks a `…_female`/`…_male` version where a language has
    // one (a sentence about the other parent passes that parent's context instead).
    const t = this.i18n.inContext(lang, 'pages', addressContext(parent.formOfAddress));
    const ctx: Ctx = {
      token,
      link,
      parent,
      school,
      lang,
      t: (k, o) => (o === undefined ? t(k) : t(k, o)),
      actor: { kind: 'parent', parentId: parent.id, ip, requestId },
      activity: resolved.activity ? { row: resolved.activity, rsvp: resolved.rsvp } : undefined,
    };
    if (expired)
      return this.page(
        ctx,
        notice(ctx.t('error.expiredTitle'), ctx.t('error.expiredText'), true),
        410,
      );
    return ctx;
  }

  private async matchView(ctx: Ctx, done?: string): Promise<RawHtml> {
    const match = ctx.link.subjectId
      ? await this.dataSource.manager.findOneBy(Match, {
          id: ctx.link.subjectId,
          schoolId: ctx.link.schoolId,
        })
      : null;
    const side =
      match?.seekerId === ctx.parent.id
        ? 'seeker'
        : match?.buddyId === ctx.parent.id
          ? 'buddy'
          : null;
    if (!match || !side) return notice(ctx.t('error.linkTitle'), ctx.t('error.linkText'), true);
    const other = await this.dataSource.manager.findOneByOrFail(Parent, {
      id: side === 'seeker' ? match.buddyId : match.seekerId,
    });
    const mine = side === 'seeker' ? match.seekerResponse : match.buddyResponse;
    await this.audit.record(ctx.actor, {
      schoolId: ctx.link.schoolId,
      action: 'match.view_by_parent',
      entityType: 'match',
      entityId: match.id,
    });
    if (mine === 'accepted' || done === 'accepted') {
      if (match.status === 'active') return this.buddyPage(ctx, other);
      return html`${notice(
          ctx.t('buddy.acceptedTitle'),
          ctx.t('buddy.acceptedWaiting', { name: other.givenName }),
        )}
        <p>
          ${ctx.t('buddy.acceptedNext', {
            name: other.givenName,
            context: addressContext(other.formOfAddress),
          })}
        </p>`;
    }
    if (mine === 'declined' || done === 'declined')
      return notice(ctx.t('buddy.declinedTitle'), ctx.t('buddy.declinedText'));
    if (match.status !== 'approved' || done === 'closed')
      return notice(ctx.t('buddy.closedTitle'), ctx.t('buddy.closedText'), true);
    const shared = match.reasons
      .filter((r) => !r.staffOnly)
      .map((r) =>
        this.reasons.forParent(
          r,
          ctx.lang,
          side,
          {
            seekerName: side === 'seeker' ? ctx.parent.givenName : other.givenName,
            buddyName: side === 'buddy' ? ctx.parent.givenName : other.givenName,
          },
          addressContext(other.formOfAddress),
        ),
      )
      .filter((text): text is string => text !== null);
    const form = issueFormToken(this.config.linkSecret, ctx.link.id);
    const reasonOptions = DECLINE_REASONS.map(
      (r) => html`<option value="${r}">${ctx.t(`buddy.declineReason.${r}`)}</option>`,
    );
    return html`<h1>${ctx.t('buddy.title')}</h1>
      <div class="card">
        <p>
          ${ctx.t(side === 'seeker' ? 'buddy.introSeeker' : 'buddy.introBuddy', {
            name: other.givenName,
            // How the other parent wants to be spoken of (neutral wording without it).
            context: addressContext(other.formOfAddress),
          })}
        </p>
        ${
          shared.length
            ? html`<h2>${ctx.t('buddy.reasonsTitle')}</h2>
                <ul class="reasons">
                  ${shared.map((text) => html`<li>${text}</li>`)}
                </ul>`
            : ''
        }
      </div>
      ${actionForm(form, 'accept', ctx.t('buddy.accept'), 'yes', 'check')}
      ${actionForm(
        form,
        'decline',
        ctx.t('buddy.decline'),
        'no',
        'cross',
        html`<label for="reason">${ctx.t('buddy.declineReasonLabel')}</label
          ><select id="reason" name="reason">
            <option value=""></option>
            ${reasonOptions}
          </select>`,
      )}`;
  }

  /**
   * Both said yes: the buddy's first name and how to reach them (when both agreed to share
   * contact details; otherwise the school brings them together), and a first step.
   */
  private buddyPage(ctx: Ctx, other: Parent): RawHtml {
    const m = this.i18n.t(ctx.lang, 'messages');
    const me = ctx.parent;
    const shareContact =
      me.consents.share_contact?.granted === true && other.consents.share_contact?.granted === true;
    const contact = shareContact ? (other.email ?? other.phone) : null;
    const name = other.givenName;
    return html`<h1>
        ${ctx.t('buddy.bothTitle', { name, context: addressContext(other.formOfAddress) })}
      </h1>
      <div class="card">
        <p>${ctx.t('buddy.acceptedBoth')}</p>
        <p>
          ${
            contact
              ? m('bothAccepted.contact', { otherName: name, contact })
              : m('bothAccepted.noContact', { otherName: name })
          }
        </p>
        <p>${m('bothAccepted.tip', { otherName: name })}</p>
      </div>`;
  }

  private async checkInView(ctx: Ctx, done?: string): Promise<RawHtml> {
    const match = ctx.link.subjectId
      ? await this.dataSource.manager.findOneBy(Match, {
          id: ctx.link.subjectId,
          schoolId: ctx.link.schoolId,
        })
      : null;
    if (!match || (match.seekerId !== ctx.parent.id && match.buddyId !== ctx.parent.id))
      return notice(ctx.t('error.linkTitle'), ctx.t('error.linkText'), true);
    if (done === 'checked_in') return notice(ctx.t('checkIn.thanks'), ctx.t('checkIn.thanksText'));
    if (done === 'checked_in_stopped')
      return notice(ctx.t('checkIn.thanks'), ctx.t('checkIn.thanksStopped'));
    if (match.status !== 'active')
      return notice(ctx.t('buddy.closedTitle'), ctx.t('buddy.closedText'), true);
    const other = await this.dataSource.manager.findOneByOrFail(Parent, {
      id: match.seekerId === ctx.parent.id ? match.buddyId : match.seekerId,
    });
    const form = issueFormToken(this.config.linkSecret, ctx.link.id);
    return html`<h1>${ctx.t('checkIn.title', { name: other.givenName })}</h1>
      ${actionForm(form, 'good', ctx.t('checkIn.good'), 'yes', 'smile')}
      ${actionForm(form, 'could_be_better', ctx.t('checkIn.couldBeBetter'), 'plain', 'meh')}
      ${actionForm(form, 'stopped', ctx.t('checkIn.stopped'), 'no', 'stop')}`;
  }

  private preferences(ctx: Ctx, done?: string): RawHtml {
    return preferencesView({
      t: ctx.t,
      lang: ctx.lang,
      formToken: issueFormToken(this.config.linkSecret, ctx.link.id),
      parent: ctx.parent,
      languageName: (code, inLanguage) => this.i18n.languageName(code, inLanguage),
      done,
    });
  }

  private async activityView(ctx: Ctx, done?: string): Promise<RawHtml> {
    if (!ctx.link.subjectId) return notice(ctx.t('error.linkTitle'), ctx.t('error.linkText'), true);
    return activityView({
      t: ctx.t,
      lang: ctx.lang,
      token: ctx.token,
      formToken: issueFormToken(this.config.linkSecret, ctx.link.id),
      view: ctx.activity
        ? this.rsvps.viewOf(ctx.activity.row, ctx.activity.rsvp.state, ctx.activity.rsvp.ahead)
        : await this.rsvps.viewForParent(ctx.link.schoolId, ctx.link.subjectId, ctx.parent.id),
      languageName: (code, inLanguage) => this.i18n.languageName(code, inLanguage),
      done,
    });
  }

  /** A failed answer: what went wrong, in the parent's language, above the page as it is now. */
  private failure(ctx: Ctx, done: string | undefined): RawHtml {
    if (!isFailure(done)) return html``;
    return html`<div class="notice warn" role="alert">
      <p><strong>${ctx.t('failed.title')}</strong></p>
      <p>${ctx.t(FAILURES[done])}</p>
    </div>`;
  }

  private page(ctx: Ctx, body: RawHtml, status = 200): PageResult {
    return {
      status,
      html: layout({
        lang: ctx.lang,
        dir: this.i18n.dir(ctx.lang),
        title: firstHeading(body) ?? 'oudermaatje',
        skipLabel: ctx.t('layout.skip'),
        footer: ctx.t('layout.footer', { schoolName: ctx.school.name }),
        preferencesHref: `/p/${ctx.token}?view=preferences`,
        preferencesLabel: ctx.t('layout.preferences'),
        body,
      }),
    };
  }

  /** When we do not know who asks: Dutch and English. */
  private anonymous(status: number, titleKey: string, textKey: string): PageResult {
    const nl = this.i18n.t('nl', 'pages');
    const en = this.i18n.t('en', 'pages');
    return {
      status,
      html: layout({
        lang: 'nl',
        dir: 'ltr',
        title: nl(titleKey),
        skipLabel: nl('layout.skip'),
        footer: 'oudermaatje',
        body: html`${notice(nl(titleKey), nl(textKey), true)}
          <div lang="en">${notice(en(titleKey), en(textKey), true)}</div>`,
      }),
    };
  }
}
