import { html, RawHtml } from '../../../common/http/html';
import type { TaxonomyDto } from '../../../taxonomy/taxonomy.service';
import { PageContext, schoolHref } from '../../../workspace/page-context';
import {
  button,
  errorFor,
  errorSummary,
  FieldError,
  linkButton,
  name,
  Option,
  pagination,
  paragraph,
  query,
  selectField,
  table,
  textField,
} from '../../../workspace/views/components';
import { workspacePage } from '../../../workspace/views/layout';
import type { ParentListItem } from '../../parents.repository';
import { PARENT_ROLES, PARENT_STATUSES } from '../../parent.types';
import {
  fullName,
  joinList,
  languageNames,
  labelsOf,
  roleLabel,
  statusBadge,
  waitingText,
} from './parent-record.labels';

/** The filters as typed (strings), kept in the form and in the paging links. */
export interface ListFilters {
  q: string;
  role: string;
  language: string;
  situation: string;
  status: string;
  waitingMoreThanDays: string;
}

export const FILTER_KEYS: (keyof ListFilters)[] = [
  'q',
  'role',
  'language',
  'situation',
  'status',
  'waitingMoreThanDays',
];

/** Rows per page of the parents list (the API's default is 50; a screen reads better with fewer). */
export const LIST_PAGE_SIZE = 25;

/** Choices of the waiting-time filter, in days. */
export const WAITING_CHOICES = [7, 14, 28, 56];

export interface ParentsListInput {
  filters: ListFilters;
  /** Undefined when the filters were not valid (the form shows why). */
  result?: { items: ParentListItem[]; total: number; page: number; pageSize: number };
  errors?: FieldError[];
  taxonomy: TaxonomyDto;
  /** Language codes the school's parents speak. */
  languages: string[];
  now?: Date;
}

function waitingOption(t: PageContext['t'], days: number): string {
  return days % 7 === 0
    ? t('list.waitingWeeks', { count: days / 7 })
    : t('list.waitingDays', { count: days });
}

function filterForm(ctx: PageContext, v: ParentsListInput): RawHtml {
  const t = ctx.tr('ws-parents');
  const labels = labelsOf(v.taxonomy);
  const f = v.filters;
  const any = t('list.any');
  const byLabel = (a: Option, b: Option): number =>
    String(a.label).localeCompare(String(b.label), ctx.lang);
  const languageCodes = new Set(v.languages);
  if (f.language) languageCodes.add(f.language);
  const languageOptions: Option[] = [...languageCodes]
    .map((code) => ({ value: code, label: labels.language.get(code) ?? code }))
    .sort(byLabel);
  const waiting = new Set(WAITING_CHOICES);
  const typedDays = Number(f.waitingMoreThanDays);
  if (f.waitingMoreThanDays && Number.isInteger(typedDays) && typedDays >= 0)
    waiting.add(typedDays);
  const anyFilter = FILTER_KEYS.some((k) => f[k] !== '');
  return html`<form
    method="get"
    action="${schoolHref(ctx, '/parents')}"
    class="om-panel"
    role="search"
    aria-label="${t('list.filters')}"
    data-autosubmit
  >
    <div class="om-row">
      ${textField({
        name: 'q',
        type: 'search',
        label: t('list.search'),
        value: f.q,
        maxlength: 100,
        autocomplete: 'off',
        error: errorFor(v.errors, 'q'),
      })}
      ${selectField({
        name: 'role',
        label: t('list.role'),
        empty: any,
        value: f.role,
        options: PARENT_ROLES.map((r) => ({ value: r, label: t(`list.roleFilter.${r}`) })),
        error: errorFor(v.errors, 'role'),
      })}
      ${selectField({
        name: 'status',
        label: t('list.status'),
        empty: any,
        value: f.status,
        options: PARENT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
        error: errorFor(v.errors, 'status'),
      })}
      ${selectField({
        name: 'waitingMoreThanDays',
        label: t('list.waiting'),
        empty: any,
        value: f.waitingMoreThanDays,
        options: [...waiting]
          .sort((a, b) => a - b)
          .map((d) => ({ value: String(d), label: waitingOption(t, d) })),
        error: errorFor(v.errors, 'waitingMoreThanDays'),
      })}
      ${selectField({
        name: 'language',
        label: t('list.language'),
        empty: any,
        value: f.language,
        options: languageOptions,
        error: errorFor(v.errors, 'language'),
      })}
      ${selectField({
        name: 'situation',
        label: t('list.situation'),
        empty: any,
        value: f.situation,
        options: v.taxonomy.situations
          .map((s) => ({ value: s.code, label: s.label }))
          .sort(byLabel),
        error: errorFor(v.errors, 'situation'),
      })}
    </div>
    <div class="om-toolbar">
      ${button(t('list.apply'))}
      ${
        anyFilter
          ? html`<a class="utrecht-link" href="${schoolHref(ctx, '/parents')}"
              >${t('list.clear')}</a
            >`
          : ''
      }
    </div>
  </form>`;
}

function results(ctx: PageContext, v: ParentsListInput): RawHtml | '' {
  const r = v.result;
  if (!r) return '';
  const t = ctx.tr('ws-parents');
  const f = v.filters;
  const anyFilter = FILTER_KEYS.some((k) => f[k] !== '');
  if (!r.items.length) {
    if (r.total > 0)
      return html`<div class="om-panel">
        ${paragraph(t('list.pastEnd'))}
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href="${schoolHref(ctx, '/parents')}${query({ ...f })}"
            >${t('list.firstPage')}</a
          >
        </p>
      </div>`;
    return anyFilter
      ? html`<div class="om-panel" role="status">
          <h2 class="utrecht-heading-3">${t('list.empty')}</h2>
          ${paragraph(t('list.emptyHint'))}
          <p class="utrecht-paragraph">
            ${linkButton(schoolHref(ctx, '/parents'), t('list.clear'))}
          </p>
        </div>`
      : html`<div class="om-panel">
          <h2 class="utrecht-heading-3">${t('list.none')}</h2>
          ${paragraph(t('list.noneHint'))}
        </div>`;
  }
  const labels = labelsOf(v.taxonomy);
  const now = v.now ?? new Date();
  const pages = Math.max(1, Math.ceil(r.total / r.pageSize));
  return html`<p class="utrecht-paragraph" role="status">${t('list.found', { count: r.total })}</p>
    ${table<ParentListItem>({
      caption: t('list.caption', { page: r.page, pages }),
      rows: r.items,
      columns: [
        {
          header: t('list.col.name'),
          rowHeader: true,
          cell: (p) =>
            html`<a class="utrecht-link" href="${schoolHref(ctx, `/parents/${p.id}`)}"
              >${name(fullName(p))}</a
            >`,
        },
        { header: t('list.col.status'), cell: (p) => statusBadge(t, p.status) },
        { header: t('list.col.waiting'), cell: (p) => waitingText(t, p, now) || '–' },
        { header: t('list.col.role'), wide: true, cell: (p) => roleLabel(t, p.role) },
        {
          header: t('list.col.languages'),
          wide: true,
          cell: (p) => joinList(ctx.lang, languageNames(labels, p.languages)),
        },
      ],
    })}
    ${pagination(ctx, {
      page: r.page,
      pageSize: r.pageSize,
      total: r.total,
      href: (page) =>
        `${schoolHref(ctx, '/parents')}${query({
          ...f,
          pageSize: r.pageSize === LIST_PAGE_SIZE ? undefined : r.pageSize,
          page,
        })}`,
    })}`;
}

/** The parents of a school: search, filters, who waits and how long, paged by name. */
export function parentsListView(ctx: PageContext, v: ParentsListInput): string {
  const t = ctx.tr('ws-parents');
  return workspacePage(ctx, {
    title: t('list.title'),
    active: 'parents',
    scripts: ['/assets/workspace.js'],
    body: html`<h1 class="utrecht-heading-1">${t('list.title')}</h1>
      <div class="utrecht-button-group">
        ${linkButton(schoolHref(ctx, '/parents/new'), t('list.enroll'), 'primary')}
        ${linkButton(schoolHref(ctx, '/parents/import'), t('list.import'))}
      </div>
      ${paragraph(t('list.intro'))} ${errorSummary(ctx, v.errors)} ${filterForm(ctx, v)}
      ${results(ctx, v)}`,
  });
}
