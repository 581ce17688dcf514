import type { TFunction } from 'i18next';
import { html, raw, RawHtml } from '../../../common/http/html';
import type { TaxonomyDto } from '../../../taxonomy/taxonomy.service';
import { PageContext, schoolHref } from '../../../workspace/page-context';
import {
  alert,
  badge,
  button,
  buttonGroup,
  type Column,
  dataList,
  linkButton,
  name,
  paragraph,
  table,
} from '../../../workspace/views/components';
import { workspacePage } from '../../../workspace/views/layout';
import type { CsvEncoding, CsvSeparator } from '../../import/csv';
import { IMPORT_COLUMNS, REQUIRED_COLUMNS } from '../../import/import-columns';
import type {
  ImportPreview,
  ImportReport,
  ImportRowResult,
  PreviewRow,
} from '../../import/parent-import.service';
import { type RowProblem, rowProblems } from '../import-problems';
import { languageLabel } from './intake-shared';

/** Examples per column, as a school's file would hold them (language-neutral data). */
const EXAMPLES: Record<string, string> = {
  external_id: 'L-0042',
  given_name: 'Fatima',
  family_name: 'El Amrani',
  household: 'H17',
  role: 'seeker',
  capacity: '2',
  languages: 'ar:native|nl:basic',
  dutch_level: 'basic',
  message_language: 'ar',
  prefers_spoken: 'ja',
  form_of_address: 'vrouw',
  children: 'groep-3:Amira:3B|vo-1',
  situations: 'dyslexia:seeking:shared',
  skills: 'cooking|storytelling',
  interests: 'reading|sports',
  availability: 'mon-morning|wed-afternoon',
  postcode_area: '3035',
  channels: 'email|sms',
  email: 'fatima@example.org',
  phone: '06 12345678',
  consent_matching: 'ja',
  consent_share_contact: 'ja',
  consent_messages_email: 'ja',
  consent_messages_sms: 'nee',
  consent_activities: 'ja',
  consent_method: 'paper_form',
  at_school_since: '2021',
  note: '',
};

export const EXAMPLE_ROWS: string[][] = [
  [...IMPORT_COLUMNS],
  IMPORT_COLUMNS.map((c) => EXAMPLES[c] ?? ''),
  IMPORT_COLUMNS.map(
    (c) =>
      (
        ({
          external_id: 'L-0043',
          given_name: 'Youssef',
          family_name: 'El Amrani',
          household: 'H17',
          role: 'buddy',
          capacity: '1',
          languages: 'ar:native|nl:fluent',
          dutch_level: 'fluent',
          message_language: 'nl',
          prefers_spoken: 'nee',
          children: 'groep-3:Amira:3B|vo-1',
          situations: 'new_to_school:experienced',
          channels: 'sms',
          phone: '06 23456789',
          consent_matching: 'ja',
          consent_share_contact: 'ja',
          consent_messages_sms: 'ja',
          consent_method: 'paper_form',
        }) as Record<string, string>
      )[c] ?? '',
  ),
];

function page(ctx: PageContext, title: string, body: RawHtml): string {
  return workspacePage(ctx, {
    title,
    active: 'import',
    scripts: ['/assets/workspace.js'],
    body: html` <div class="om-import">${body}</div>`,
  });
}

function uploadForm(ctx: PageContext, t: TFunction, maxMb: number, error?: string): RawHtml {
  const id = 'f-file';
  return html`<form
    method="post"
    enctype="multipart/form-data"
    action="${schoolHref(ctx, `/parents/import?_csrf=${encodeURIComponent(ctx.csrfToken)}`)}"
    class="utrecht-form om-form"
    novalidate
  >
    <input type="hidden" name="step" value="preview" />
    <div
      class="utrecht-form-field utrecht-form-field--text ${error ? 'utrecht-form-field--invalid' : ''}"
    >
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for="${id}">${t('import.upload.file')}</label>
      </div>
      <div class="utrecht-form-field__description utrecht-form-field-description" id="${id}-hint">
        ${t('import.upload.fileHint', { max: maxMb })}
      </div>
      ${error ? html`<div class="utrecht-form-field__error-message utrecht-form-field-error-message" id="${id}-error">${error}</div>` : ''}
      <div class="utrecht-form-field__input">
        <input
          class="om-file"
          type="file"
          id="${id}"
          name="file"
          accept=".csv,.txt,text/csv,text/plain"
          aria-describedby="${id}-hint${error ? ` ${id}-error` : ''}"
          ${error ? html`aria-invalid="true"` : ''}
        />
      </div>
    </div>
    ${button(t('import.upload.submit'))}
  </form>`;
}

export interface ImportFormPage {
  /** A problem with the file (too large, not CSV, a wrong header). */
  error?: string;
  /** Details of the problem (each missing or unknown column). */
  details?: string[];
  maxMb: number;
}

/** Step 1: choose the file; the columns the import reads. */
export function importFormView(ctx: PageContext, v: ImportFormPage): string {
  const t = ctx.tr('ws-intake');
  const required = new Set(REQUIRED_COLUMNS);
  return page(
    ctx,
    t('import.title'),
    html`<h1 class="utrecht-heading-1">${t('import.title')}</h1>
      ${paragraph(t('import.intro'), true)}
      <ol class="utrecht-ordered-list">
        <li class="utrecht-ordered-list__item">${t('import.steps.choose')}</li>
        <li class="utrecht-ordered-list__item">${t('import.steps.check')}</li>
        <li class="utrecht-ordered-list__item">${t('import.steps.import')}</li>
      </ol>
      ${
        v.error
          ? html`<div
              class="utrecht-alert utrecht-alert--error om-error-summary"
              role="alert"
              aria-labelledby="error-summary-title"
              tabindex="-1"
              id="error-summary"
            >
              <div class="utrecht-alert__content">
                <h2 class="utrecht-heading-2" id="error-summary-title">
                  ${t('import.upload.problemTitle')}
                </h2>
                ${paragraph(html`<a class="utrecht-link" href="#f-file">${v.error}</a>`)}
                ${
                  v.details?.length
                    ? html`<ul class="utrecht-unordered-list">
                        ${v.details.map((d) => html`<li class="utrecht-unordered-list__item">${d}</li>`)}
                      </ul>`
                    : ''
                }
              </div>
            </div>`
          : ''
      }
      ${uploadForm(ctx, t, v.maxMb, v.error)}
      <h2 class="utrecht-heading-2">${t('import.columns.title')}</h2>
      ${paragraph(t('import.columns.intro'))}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="${schoolHref(ctx, '/parents/import/example.csv')}" download
          >${t('import.columns.example')}</a
        >
      </p>
      ${table<string>({
        caption: t('import.columns.caption'),
        rows: [...IMPORT_COLUMNS],
        columns: [
          {
            header: t('import.columns.column'),
            rowHeader: true,
            cell: (c) => html`<code>${c}</code>`,
          },
          {
            header: t('import.columns.required'),
            cell: (c) =>
              required.has(c)
                ? t('import.columns.yes')
                : t(`import.columns.when.${c}`, { defaultValue: t('import.columns.no') }),
          },
          {
            header: t('import.columns.exampleValue'),
            cell: (c) => html`<code>${EXAMPLES[c] ?? ''}</code>`,
            wide: true,
          },
          { header: t('import.columns.meaning'), cell: (c) => t(`import.columns.meanings.${c}`) },
        ],
      })}`,
  );
}

function encodingText(t: TFunction, e: CsvEncoding): string {
  return t(`import.encoding.${e}`);
}
function separatorText(t: TFunction, s: CsvSeparator): string {
  return t(`import.separator.${s === ',' ? 'comma' : s === ';' ? 'semicolon' : 'tab'}`);
}

function problemsCell(problems: RowProblem[]): RawHtml {
  if (problems.length === 1)
    return html`<p class="utrecht-paragraph om-problems">
      ${problems[0].column ? html`<code>${problems[0].column}</code>: ` : ''}${problems[0].message}
    </p>`;
  return html`<ul class="utrecht-unordered-list om-problems">
    ${problems.map(
      (p) =>
        html`<li class="utrecht-unordered-list__item">
          ${p.column ? html`<code>${p.column}</code>: ` : ''}${p.message}
        </li>`,
    )}
  </ul>`;
}

/** A big table without the layout whitespace between its tags (a file of 5000 parents). */
function compact(table: RawHtml): RawHtml {
  return raw(table.value.replace(/\s+/g, ' ').replace(/> </g, '><'));
}

const figure = (label: string, value: number): RawHtml =>
  html`<div class="om-card om-figure">
    <dt>${label}</dt>
    <dd class="om-figure__value">${value}</dd>
  </div>`;

export interface ImportPreviewPage {
  filename: string;
  /** The file's bytes, base64, posted back with the import (nothing is kept on the server). */
  content: string;
  preview: ImportPreview;
  /** Names as written in the file, by line. */
  names: Map<number, string>;
  tax: TaxonomyDto;
  /** Rows shown as read. */
  sample: number;
}

/** Step 2: what the import would do, before anything is stored. */
export function importPreviewView(ctx: PageContext, v: ImportPreviewPage): string {
  const t = ctx.tr('ws-intake');
  const p = v.preview;
  const importable = p.new + p.known;
  const langName = (code: string): string => {
    const l = v.tax.languages.find((x) => x.code === code);
    return l ? languageLabel(l.label, l.nativeName, l.code) : code;
  };
  const verdict = (r: PreviewRow): RawHtml =>
    r.outcome === 'rejected'
      ? html`${badge(t('import.preview.outcome.rejected'), 'error')}
        ${problemsCell(rowProblems(t, r.errors))}`
      : badge(t(`import.preview.outcome.${r.outcome}`), r.outcome === 'new' ? 'ok' : 'info');
  const sampleColumns: Column<PreviewRow>[] = [
    { header: t('import.table.line'), cell: (r) => r.line, numeric: true },
    { header: t('import.table.externalId'), cell: (r) => r.externalId ?? '–' },
    { header: t('import.table.name'), cell: (r) => name(v.names.get(r.line)), rowHeader: true },
    {
      header: t('import.table.role'),
      cell: (r) => (r.intake ? t(`form.role.${r.intake.role}`) : '–'),
      wide: true,
    },
    {
      header: t('import.table.languages'),
      cell: (r) => (r.intake ? r.intake.languages.map((l) => langName(l.code)).join(', ') : '–'),
      wide: true,
    },
    {
      header: t('import.table.channels'),
      cell: (r) => (r.intake ? r.intake.channels.map((c) => t(`channel.${c}`)).join(', ') : '–'),
      wide: true,
    },
    { header: t('import.table.verdict'), cell: verdict },
  ];
  const rejected = p.rows.filter((r) => r.outcome === 'rejected');
  return page(
    ctx,
    t('import.preview.title'),
    html`<h1 class="utrecht-heading-1">${t('import.preview.title')}</h1>
      ${paragraph(t('import.preview.intro'), true)}
      ${dataList([
        [t('import.preview.file'), v.filename],
        [t('import.preview.encoding'), encodingText(t, p.encoding)],
        [t('import.preview.separator'), separatorText(t, p.separator)],
        [
          t('import.preview.columns', { count: p.columns.length }),
          html`${p.columns.map((c, i) => html`${i ? ', ' : ''}<code>${c}</code>`)}`,
        ],
        ...(p.ignoredColumns.length
          ? ([
              [
                t('import.preview.ignored'),
                html`${p.ignoredColumns.map((c, i) => html`${i ? ', ' : ''}<code>${c}</code>`)}`,
              ],
            ] as [string, RawHtml][])
          : []),
      ])}
      <h2 class="utrecht-heading-2">${t('import.preview.countsTitle')}</h2>
      <dl class="om-figures">
        ${figure(t('import.preview.rows'), p.rows.length)} ${figure(t('import.preview.new'), p.new)}
        ${figure(t('import.preview.known'), p.known)}
        ${figure(t('import.preview.problems'), p.rejected)}
      </dl>
      ${paragraph(t('import.preview.summary', { count: importable }))}
      ${
        rejected.length
          ? html`${alert('warning', paragraph(t('import.preview.rejectedNote', { count: rejected.length })))}
            ${table<PreviewRow>({
              caption: t('import.preview.problemsCaption', { count: rejected.length }),
              rows: rejected.slice(0, 500),
              columns: [
                { header: t('import.table.line'), cell: (r) => r.line, numeric: true },
                { header: t('import.table.externalId'), cell: (r) => r.externalId ?? '–' },
                {
                  header: t('import.table.name'),
                  cell: (r) => name(v.names.get(r.line)),
                  rowHeader: true,
                },
                {
                  header: t('import.table.problem'),
                  cell: (r) => problemsCell(rowProblems(t, r.errors)),
                },
              ],
            })}
            ${rejected.length > 500 ? paragraph(t('import.preview.moreProblems', { count: rejected.length - 500 })) : ''}`
          : ''
      }
      ${table<PreviewRow>({
        caption: t('import.preview.sampleCaption', { count: Math.min(v.sample, p.rows.length) }),
        rows: p.rows.slice(0, v.sample),
        columns: sampleColumns,
      })}
      ${
        importable
          ? html`<form
              method="post"
              enctype="multipart/form-data"
              action="${schoolHref(ctx, `/parents/import?_csrf=${encodeURIComponent(ctx.csrfToken)}`)}"
              class="utrecht-form"
            >
              <input type="hidden" name="step" value="import" />
              <input type="hidden" name="filename" value="${v.filename}" />
              <input type="hidden" name="content" value="${v.content}" />
              ${paragraph(t('import.preview.confirm'))}
              ${buttonGroup(
                button(t('import.preview.submit', { count: importable })),
                linkButton(schoolHref(ctx, '/parents/import'), t('import.preview.other')),
              )}
            </form>`
          : html`${alert('error', paragraph(t('import.preview.nothing')))}
            ${buttonGroup(linkButton(schoolHref(ctx, '/parents/import'), t('import.preview.other'), 'primary'))}`
      }`,
  );
}

export interface ImportReportPage {
  filename: string;
  report: ImportReport;
  names: Map<number, string>;
  /** The rejected rows as a file (data: address) and its name; absent when none. */
  rejectedFile?: { href: string; name: string };
}

/** Step 3: what happened to every row, by its line in the file. */
export function importReportView(ctx: PageContext, v: ImportReportPage): string {
  const t = ctx.tr('ws-intake');
  const r = v.report;
  const tone: Record<ImportRowResult['result'], 'ok' | 'info' | 'neutral' | 'error'> = {
    created: 'ok',
    updated: 'info',
    unchanged: 'neutral',
    rejected: 'error',
  };
  const rejected = r.rows.filter((x) => x.result === 'rejected');
  const columns: Column<ImportRowResult>[] = [
    { header: t('import.table.line'), cell: (x) => x.line, numeric: true },
    { header: t('import.table.externalId'), cell: (x) => x.externalId ?? '–' },
    {
      header: t('import.table.name'),
      rowHeader: true,
      cell: (x) =>
        x.parentId
          ? html`<a class="utrecht-link" href="${schoolHref(ctx, `/parents/${x.parentId}`)}"
              >${name(v.names.get(x.line))}</a
            >`
          : name(v.names.get(x.line)),
    },
    {
      header: t('import.table.result'),
      cell: (x) =>
        x.result === 'rejected'
          ? html`${badge(t('import.report.result.rejected'), 'error')}
            ${problemsCell(rowProblems(t, x.errors))}`
          : badge(t(`import.report.result.${x.result}`), tone[x.result]),
    },
  ];
  return page(
    ctx,
    t('import.report.title'),
    html`<h1 class="utrecht-heading-1">${t('import.report.title')}</h1>
      ${paragraph(t('import.report.intro', { file: v.filename }), true)}
      <dl class="om-figures">
        ${figure(t('import.report.created'), r.created)}
        ${figure(t('import.report.updated'), r.updated)}
        ${figure(t('import.report.unchanged'), r.unchanged)}
        ${figure(t('import.report.rejected'), r.rejected)}
      </dl>
      ${
        rejected.length && v.rejectedFile
          ? html`${alert(
              'warning',
              html`${paragraph(t('import.report.rejectedNote', { count: rejected.length }))}
                <p class="utrecht-paragraph">
                  <a
                    class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
                    href="${v.rejectedFile.href}"
                    download="${v.rejectedFile.name}"
                    id="rejected-download"
                    >${t('import.report.download', { count: rejected.length })}</a
                  >
                </p>`,
            )}
            ${table<ImportRowResult>({
              caption: t('import.report.rejectedCaption', { count: rejected.length }),
              rows: rejected,
              columns,
            })}`
          : alert('ok', paragraph(t('import.report.allDone')), { role: 'status' })
      }
      <details class="om-panel">
        <summary>${t('import.report.allRows', { count: r.rows.length })}</summary>
        ${compact(
          table<ImportRowResult>({
            caption: t('import.report.allCaption'),
            rows: r.rows,
            columns,
          }),
        )}
      </details>
      ${buttonGroup(
        linkButton(schoolHref(ctx, '/parents'), t('import.report.toParents'), 'primary'),
        linkButton(schoolHref(ctx, '/parents/import'), t('import.report.again')),
      )}`,
  );
}

export interface ImportJobPage {
  filename: string;
  done: number;
  total: number;
  refreshSeconds: number;
  /** The address of this page, to refresh by hand. */
  href: string;
}

/**
 * A large import while it runs: how far it is, with a link to look again (the page also
 * asks the browser to reload itself, a Refresh header, so it works without JavaScript).
 */
export function importJobView(ctx: PageContext, v: ImportJobPage): string {
  const t = ctx.tr('ws-intake');
  return page(
    ctx,
    t('import.job.title'),
    html`<h1 class="utrecht-heading-1">${t('import.job.title')}</h1>
      ${paragraph(t('import.job.intro', { file: v.filename }), true)}
      <p class="utrecht-paragraph">
        <label for="import-progress"
          >${t('import.job.progress', { done: v.done, total: v.total })}</label
        >
      </p>
      <progress
        id="import-progress"
        max="${String(Math.max(1, v.total))}"
        value="${String(v.done)}"
      >
        ${t('import.job.progress', { done: v.done, total: v.total })}
      </progress>
      ${paragraph(t('import.job.refreshHint', { count: v.refreshSeconds }))}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="${v.href}" id="import-refresh">${t('import.job.refresh')}</a>
      </p>`,
  );
}
