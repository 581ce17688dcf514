import type { TFunction } from 'i18next';
import { html, RawHtml } from '../../../common/http/html';
import type { AuditLogEntry } from '../../../audit/audit-log.entity';
import type { Notification } from '../../../notifications/notification.entity';
import type { TaxonomyDto } from '../../../taxonomy/taxonomy.service';
import { formatDate, PageContext, schoolHref } from '../../../workspace/page-context';
import {
  alert,
  badge,
  csrfField,
  dataList,
  FieldError,
  heading,
  linkButton,
  name,
  paragraph,
  query,
  table,
} from '../../../workspace/views/components';
import { workspacePage } from '../../../workspace/views/layout';
import type { Parent } from '../../parent.entity';
import { startingStatus } from '../../parent-rules';
import { CONSENT_PURPOSES, ConsentPurpose, ConsentRecord } from '../../parent.types';
import type { ParentRecordData, RecordActivity, RecordMatch } from '../parent-record.queries';
import {
  childLabel,
  fullName,
  joinList,
  labelsOf,
  roleLabel,
  schoolYearSpan,
  statusBadge,
  waitingText,
} from './parent-record.labels';

export interface ParentRecordInput {
  parent: Parent;
  data: ParentRecordData;
  taxonomy: TaxonomyDto;
  /** The audit page shown (the cursor of ?auditBefore=), if not the newest. */
  auditBefore?: string;
  /** A status change that could not be done, shown at the top. */
  errors?: FieldError[];
  now?: Date;
}

function recordHref(ctx: PageContext, p: Parent, rest = ''): string {
  return schoolHref(ctx, `/parents/${p.id}${rest}`);
}

/** A one-button POST form that changes the status, carrying the version read (a stale page is refused). */
function statusForm(
  ctx: PageContext,
  p: Parent,
  status: string,
  label: string,
  opts: { variant?: 'primary' | 'secondary'; confirm?: string } = {},
): RawHtml {
  return html`<form method="post" action="${recordHref(ctx, p, '/status')}" class="om-inline-form">
    ${csrfField(ctx)}
    <input type="hidden" name="status" value="${status}" />
    <input type="hidden" name="version" value="${p.version}" />
    <button
      class="utrecht-button utrecht-button--${opts.variant ?? 'secondary'}-action"
      type="submit"
      ${opts.confirm ? html`data-confirm="${opts.confirm}"` : ''}
    >
      ${label}
    </button>
  </form>`;
}

function actions(ctx: PageContext, p: Parent): RawHtml {
  const t = ctx.tr('ws-parents');
  const who = fullName(p);
  const resume = startingStatus(p.role);
  return html`<div
    class="utrecht-button-group om-toolbar"
    role="group"
    aria-label="${t('record.actions')}"
  >
    ${linkButton(recordHref(ctx, p, '/edit'), t('record.edit'), 'primary')}
    ${p.status === 'paused' || p.status === 'left' ? statusForm(ctx, p, resume, t(p.status === 'left' ? 'record.rejoin' : 'record.resume')) : statusForm(ctx, p, 'paused', t('record.pause'))}
    ${p.status !== 'left' ? statusForm(ctx, p, 'left', t('record.leave'), { confirm: t('record.leaveConfirm', { name: who }) }) : ''}
  </div>`;
}

function yesNo(t: TFunction, value: boolean): string {
  return value ? t('record.yes') : t('record.no');
}

function profile(ctx: PageContext, v: ParentRecordInput): RawHtml {
  const t = ctx.tr('ws-parents');
  const p = v.parent;
  const labels = labelsOf(v.taxonomy);
  const list = (items: string[]): string => joinList(ctx.lang, items);
  const languages = p.languages.map((l) =>
    t('record.languageLevel', {
      language: labels.language.get(l.code) ?? l.code,
      level: labels.languageLevel.get(l.level) ?? l.level,
    }),
  );
  const messageLanguage = labels.language.get(p.messageLanguage) ?? p.messageLanguage;
  const situations = p.situations.map((s) =>
    t(s.shareWithBuddy ? 'record.situationShared' : 'record.situation', {
      situation: labels.situation.get(s.code) ?? s.code,
      stance: t(`stance.${s.stance}`),
    }),
  );
  const messages = p.messagesStopped
    ? t('record.messagesStopped')
    : p.stoppedTopics.length
      ? t('record.topicsStopped', {
          topics: list(p.stoppedTopics.map((x) => t(`topic.${x}`, { defaultValue: x }))),
        })
      : t('record.messagesOn');
  const items: [string, RawHtml | string][] = [
    ['name', name(fullName(p))],
    [
      'role',
      p.role === 'seeker'
        ? roleLabel(t, p.role)
        : t('record.roleCapacity', { role: roleLabel(t, p.role), count: p.capacity }),
    ],
    [
      'children',
      p.children.length
        ? html`<ul class="utrecht-unordered-list">
            ${p.children.map((c) => html`<li>${childLabel(t, c)}</li>`)}
          </ul>`
        : '',
    ],
    ['languages', list(languages)],
    ['dutchLevel', labels.dutchLevel.get(p.dutchLevel) ?? p.dutchLevel],
    [
      'messageLanguage',
      p.requestedLanguage
        ? t('record.messageLanguageFallback', {
            requested: labels.language.get(p.requestedLanguage) ?? p.requestedLanguage,
            used: messageLanguage,
          })
        : messageLanguage,
    ],
    ['prefersSpoken', yesNo(t, p.prefersSpoken)],
    [
      'formOfAddress',
      p.formOfAddress
        ? t(`record.formOfAddress.${p.formOfAddress}`)
        : t('record.formOfAddress.none'),
    ],
    ['channels', list(p.channels.map((c) => t(`channel.${c}`, { defaultValue: c })))],
    ['email', p.email ? html`<a class="utrecht-link" href="mailto:${p.email}">${p.email}</a>` : ''],
    ['phone', p.phone ? html`<a class="utrecht-link" href="tel:${p.phone}">${p.phone}</a>` : ''],
    ['messages', messages],
    [
      'situations',
      situations.length
        ? html`<ul class="utrecht-unordered-list">
            ${situations.map((s) => html`<li>${s}</li>`)}
          </ul>`
        : '',
    ],
    ['skills', list(p.skills.map((s) => labels.skill.get(s) ?? s))],
    ['interests', list(p.interests.map((s) => labels.interest.get(s) ?? s))],
    ['availability', list(p.availability.map((s) => labels.availability.get(s) ?? s))],
    ['postcodeArea', p.postcodeArea ?? ''],
    ['atSchoolSince', schoolYearSpan(p.atSchoolSince)],
    [
      'household',
      v.data.household.length
        ? html`<ul class="utrecht-unordered-list">
            ${v.data.household.map(
              (h) =>
                html`<li>
                  <a class="utrecht-link" href="${schoolHref(ctx, `/parents/${h.id}`)}"
                    >${name(fullName(h))}</a
                  >
                </li>`,
            )}
          </ul>`
        : '',
    ],
    [
      'intakeNote',
      p.intakeNote ? html`<span style="white-space: pre-line">${p.intakeNote}</span>` : '',
    ],
    [
      'enrolled',
      p.externalRef
        ? t('record.enrolledImport', {
            date: formatDate(ctx, p.createdAt, 'date'),
            ref: p.externalRef,
          })
        : formatDate(ctx, p.createdAt, 'date'),
    ],
    ['updated', formatDate(ctx, p.updatedAt, 'dateTime')],
  ];
  const byKey = new Map(items);
  const group = (title: string, keys: string[]): RawHtml =>
    html`<div class="om-panel">
      ${heading(3, t(`record.group.${title}`))}
      ${dataList(keys.map((k) => [t(`record.field.${k}`), byKey.get(k)]))}
    </div>`;
  return html`<section aria-labelledby="profile">
    ${heading(2, t('record.profile'), 'profile')}
    <div class="om-columns">
      ${group('family', ['name', 'role', 'children', 'household', 'atSchoolSince', 'enrolled', 'updated'])}
      ${group('contact', ['languages', 'dutchLevel', 'messageLanguage', 'prefersSpoken', 'formOfAddress', 'channels', 'email', 'phone', 'messages'])}
      ${group('matching', ['situations', 'skills', 'interests', 'availability', 'postcodeArea', 'intakeNote'])}
    </div>
  </section>`;
}

function consentWho(
  t: TFunction,
  c: ConsentRecord,
  staffNames: Map<string, string>,
): RawHtml | string {
  if (!c.recordedBy) return t('record.byParent');
  const staff = staffNames.get(c.recordedBy);
  return staff ? name(staff) : t('record.unknownStaff');
}

function consents(ctx: PageContext, v: ParentRecordInput): RawHtml {
  const t = ctx.tr('ws-parents');
  const rows = CONSENT_PURPOSES.map((purpose) => ({
    purpose,
    record: v.parent.consents[purpose],
  }));
  return html`<section aria-labelledby="consents">
    ${heading(2, t('record.consents'), 'consents')}
    ${table<{ purpose: ConsentPurpose; record: ConsentRecord | undefined }>({
      caption: t('record.consentsCaption'),
      captionHidden: true,
      rows,
      columns: [
        {
          header: t('record.col.purpose'),
          rowHeader: true,
          cell: (r) => t(`purpose.${r.purpose}`),
        },
        {
          header: t('record.col.answer'),
          cell: (r) =>
            !r.record
              ? badge(t('consent.notAsked'), 'neutral')
              : r.record.granted
                ? badge(t('consent.granted'), 'ok')
                : badge(t('consent.refused'), 'warning'),
        },
        {
          header: t('record.col.when'),
          wide: true,
          cell: (r) => (r.record ? formatDate(ctx, r.record.at, 'date') : '–'),
        },
        {
          header: t('record.col.how'),
          wide: true,
          cell: (r) => (r.record ? t(`method.${r.record.method}`) : '–'),
        },
        {
          header: t('record.col.recordedBy'),
          wide: true,
          cell: (r) => (r.record ? consentWho(t, r.record, v.data.staffNames) : '–'),
        },
      ],
    })}
  </section>`;
}

function more(t: TFunction, shown: number, total: number): RawHtml | '' {
  return total > shown ? paragraph(t('record.latest', { count: shown, total })) : '';
}

function matches(ctx: PageContext, v: ParentRecordInput): RawHtml {
  const t = ctx.tr('ws-parents');
  const { items, total } = v.data.matches;
  const other = (r: RecordMatch): RawHtml | string =>
    !r.other
      ? '–'
      : r.other.erased
        ? t('record.erasedParent')
        : html`<a class="utrecht-link" href="${schoolHref(ctx, `/parents/${r.other.id}`)}"
            >${name(fullName(r.other))}</a
          >`;
  return html`<section aria-labelledby="matches">
    ${heading(2, t('record.matches'), 'matches')}
    ${
      items.length
        ? html`${table<RecordMatch>({
            caption: t('record.matchesCaption', { count: total }),
            captionHidden: true,
            rows: items,
            columns: [
              { header: t('record.col.otherParent'), rowHeader: true, cell: other },
              { header: t('record.col.side'), wide: true, cell: (r) => t(`side.${r.side}`) },
              {
                header: t('record.col.status'),
                cell: (r) => t(`matchStatus.${r.match.status}`, { defaultValue: r.match.status }),
              },
              {
                header: t('record.col.proposed'),
                wide: true,
                cell: (r) => formatDate(ctx, r.match.createdAt, 'date'),
              },
              {
                header: t('record.col.started'),
                cell: (r) =>
                  formatDate(ctx, r.match.activatedAt ?? r.match.approvedAt, 'date') || '–',
              },
              {
                header: t('record.col.ended'),
                wide: true,
                cell: (r) => formatDate(ctx, r.match.endedAt, 'date') || '–',
              },
            ],
          })}
          ${more(t, items.length, total)}`
        : paragraph(t('record.noMatches'))
    }
    <p class="utrecht-paragraph">
      <a class="utrecht-link" href="${schoolHref(ctx, '/matches')}">${t('record.toMatches')}</a>
    </p>
  </section>`;
}

function messages(ctx: PageContext, v: ParentRecordInput): RawHtml {
  const t = ctx.tr('ws-parents');
  const labels = labelsOf(v.taxonomy);
  const { items, total } = v.data.messages;
  return html`<section aria-labelledby="messages">
    ${heading(2, t('record.messages'), 'messages')}
    ${
      items.length
        ? html`${table<Notification>({
            caption: t('record.messagesCaption', { count: total }),
            captionHidden: true,
            rows: items,
            columns: [
              {
                header: t('record.col.kind'),
                rowHeader: true,
                cell: (n) => t(`messageKind.${n.kind}`, { defaultValue: n.kind }),
              },
              {
                header: t('record.col.channel'),
                wide: true,
                cell: (n) => (n.channel ? t(`delivery.${n.channel}`) : '–'),
              },
              {
                header: t('record.col.language'),
                wide: true,
                cell: (n) => (n.language ? (labels.language.get(n.language) ?? n.language) : '–'),
              },
              {
                header: t('record.col.status'),
                cell: (n) => t(`messageStatus.${n.status}`, { defaultValue: n.status }),
              },
              {
                header: t('record.col.date'),
                cell: (n) => formatDate(ctx, n.sentAt ?? n.createdAt, 'dateTime'),
              },
            ],
          })}
          ${more(t, items.length, total)}`
        : paragraph(t('record.noMessages'))
    }
  </section>`;
}

function activities(ctx: PageContext, v: ParentRecordInput): RawHtml {
  const t = ctx.tr('ws-parents');
  const { items, total } = v.data.activities;
  return html`<section aria-labelledby="activities">
    ${heading(2, t('record.activities'), 'activities')}
    ${
      items.length
        ? html`${table<RecordActivity>({
            caption: t('record.activitiesCaption', { count: total }),
            captionHidden: true,
            rows: items,
            columns: [
              {
                header: t('record.col.activity'),
                rowHeader: true,
                cell: (a) =>
                  a.activityStatus === 'cancelled'
                    ? t('record.activityCancelled', { title: a.titles?.[ctx.lang] ?? a.title })
                    : (a.titles?.[ctx.lang] ?? a.title),
              },
              {
                header: t('record.col.date'),
                cell: (a) => formatDate(ctx, a.startsAt, 'dateTime'),
              },
              { header: t('record.col.invited'), wide: true, cell: (a) => yesNo(t, a.invited) },
              {
                header: t('record.col.signUp'),
                cell: (a) => (a.signUp ? t(`signUp.${a.signUp}`) : '–'),
              },
              {
                header: t('record.col.attended'),
                cell: (a) => (a.attended ? t('record.attended') : '–'),
              },
            ],
          })}
          ${more(t, items.length, total)}`
        : paragraph(t('record.noActivities'))
    }
  </section>`;
}

function auditWho(
  t: TFunction,
  e: AuditLogEntry,
  staffNames: Map<string, string>,
): RawHtml | string {
  if (e.actorType === 'staff' && e.actorId) {
    const staff = staffNames.get(e.actorId);
    // Whole words: a narrow column must not split a name in the middle of a word.
    return staff
      ? html`<span style="word-break: normal">${name(staff)}</span>`
      : t('record.unknownStaff');
  }
  return t(`audit.actor.${e.actorType}`, { defaultValue: e.actorType });
}

function auditWhat(t: TFunction, e: AuditLogEntry): string {
  const d = e.details ?? {};
  switch (e.action) {
    case 'parent.create':
      return t(d.source === 'import' ? 'audit.createImport' : 'audit.create');
    case 'parent.update': {
      const fields = Array.isArray(d.fields) ? d.fields : [];
      return fields.length
        ? t('audit.updateFields', {
            fields: fields.map((f) => t(`fieldName.${f}`, { defaultValue: f })).join(', '),
          })
        : t('audit.update');
    }
    default:
      return t(`audit.action.${e.action.replace('.', '_')}`, {
        defaultValue: t('audit.other', { action: e.action }),
      });
  }
}

function auditLog(ctx: PageContext, v: ParentRecordInput): RawHtml {
  const t = ctx.tr('ws-parents');
  const { items, nextCursor } = v.data.audit;
  const base = recordHref(ctx, v.parent);
  return html`<section aria-labelledby="audit">
    ${heading(2, t('record.audit'), 'audit')} ${paragraph(t('record.auditIntro'))}
    ${table<AuditLogEntry>({
      caption: v.auditBefore
        ? t('record.auditCaptionOlder', { count: items.length })
        : t('record.auditCaption', { count: items.length }),
      captionHidden: true,
      rows: items,
      columns: [
        { header: t('record.col.when'), cell: (e) => formatDate(ctx, e.at, 'dateTime') },
        {
          header: t('record.col.who'),
          rowHeader: true,
          cell: (e) => auditWho(t, e, v.data.staffNames),
        },
        { header: t('record.col.what'), cell: (e) => auditWhat(t, e) },
      ],
    })}
    <p class="utrecht-paragraph om-toolbar">
      ${v.auditBefore ? html`<a class="utrecht-link" href="${base}#audit">${t('record.auditNewest')}</a>` : ''}
      ${nextCursor ? html`<a class="utrecht-link" href="${base}${query({ auditBefore: nextCursor })}#audit">${t('record.auditOlder')}</a>` : ''}
    </p>
  </section>`;
}

function privacy(ctx: PageContext, p: Parent): RawHtml {
  const t = ctx.tr('ws-parents');
  return html`<section aria-labelledby="privacy" class="om-panel">
    ${heading(2, t('record.privacy'), 'privacy')} ${paragraph(t('record.privacyIntro'))}
    <div class="utrecht-button-group">
      ${linkButton(recordHref(ctx, p, '/export'), t('record.export'))}
      ${linkButton(recordHref(ctx, p, '/export/summary'), t('record.exportSummary'))}
      ${p.erasedAt ? '' : linkButton(recordHref(ctx, p, '/erase'), t('record.erase'))}
      ${linkButton(recordHref(ctx, p, '/delete'), t('record.delete'))}
    </div>
  </section>`;
}

function problems(ctx: PageContext, errors: FieldError[] | undefined): RawHtml | '' {
  if (!errors?.length) return '';
  return alert(
    'error',
    html`${[...new Set(errors.map((e) => e.message))].map((m) => paragraph(m))}`,
    { role: 'alert' },
  );
}

/** Everything about one parent on one screen, with the actions on the record. */
export function parentRecordView(ctx: PageContext, v: ParentRecordInput): string {
  const t = ctx.tr('ws-parents');
  const p = v.parent;
  if (p.erasedAt)
    return workspacePage(ctx, {
      title: t('record.erasedTitle'),
      active: 'parents',
      scripts: ['/assets/workspace.js'],
      body: html`<p class="utrecht-paragraph">
          <a class="utrecht-link" href="${schoolHref(ctx, '/parents')}">${t('record.back')}</a>
        </p>
        <h1 class="utrecht-heading-1">${t('record.erasedTitle')}</h1>
        ${problems(ctx, v.errors)}
        ${alert('info', paragraph(t('record.erasedOn', { date: formatDate(ctx, p.erasedAt, 'long') })))}
        ${auditLog(ctx, v)} ${privacy(ctx, p)}`,
    });
  const waiting = waitingText(t, p, v.now);
  return workspacePage(ctx, {
    title: fullName(p),
    active: 'parents',
    scripts: ['/assets/workspace.js'],
    body: html`<p class="utrecht-paragraph">
        <a class="utrecht-link" href="${schoolHref(ctx, '/parents')}">${t('record.back')}</a>
      </p>
      <h1 class="utrecht-heading-1">${name(fullName(p))}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">
        ${statusBadge(t, p.status)} ${roleLabel(t, p.role)}${waiting ? html` · ${waiting}` : ''}
      </p>
      ${problems(ctx, v.errors)}
      ${p.status === 'paused' ? alert('warning', paragraph(t('record.pausedNote'))) : ''}
      ${p.status === 'left' ? alert('info', paragraph(t('record.leftNote'))) : ''}
      ${actions(ctx, p)} ${profile(ctx, v)} ${consents(ctx, v)} ${matches(ctx, v)}
      ${messages(ctx, v)} ${activities(ctx, v)} ${auditLog(ctx, v)} ${privacy(ctx, p)}`,
  });
}
