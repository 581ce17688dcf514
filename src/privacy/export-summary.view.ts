import { html, raw, RawHtml } from '../common/http/html';
import { formatParentDate } from '../notifications/message-dates';
import { CONSENT_PURPOSES } from '../parents/parent.types';
import type { ParentExport } from './privacy.service';

export interface SummaryInput {
  lang: string;
  dir: 'ltr' | 'rtl';
  /** Translator fixed to the parent's language, namespace `pages` (keys under `export.`). */
  t: (key: string, options?: Record<string, unknown>) => string;
  situationLabel: (code: string) => string;
  languageName: (code: string) => string;
  schoolName: string;
  data: ParentExport;
}

const CSS = `body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","Noto Sans Ethiopic",sans-serif;line-height:1.5;color:#1a1a1a}
main{max-width:42rem;margin-inline:auto;padding:1.5rem}h1{font-size:1.6rem;margin-block:0 .75rem}
h2{font-size:1.2rem;margin-block:1.5rem .5rem;border-block-end:1px solid #ccc}
dl{display:grid;grid-template-columns:minmax(0,max-content) minmax(0,1fr);gap:.25rem 1rem;margin:0}dt{font-weight:600}dd{margin:0}dt,dd,li{overflow-wrap:anywhere}
@media (max-width:30rem){dl{grid-template-columns:minmax(0,1fr)}dd{margin-block-end:.5rem}}
ul{padding-inline-start:1.25rem}p,li,dt,dd{text-align:start}
.print{font:inherit;padding:.5rem 1rem;border:2px solid #1d3f8a;border-radius:.5rem;background:#fff;color:#1d3f8a}
@media print{.print{display:none}main{padding:0}}`;

/** A column value as text (strings and numbers; anything else is left out). */
function textOf(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function dateOf(lng: string, value: unknown): string {
  if (!value) return '';
  const at = value instanceof Date ? value : new Date(textOf(value));
  return Number.isNaN(at.getTime()) ? '' : formatParentDate(lng, at);
}

/**
 * What the school keeps about a parent, in the parent's own language, to read or print: the
 * answer to a request for access (AVG article 15) beside the complete JSON export. Pure:
 * data in, HTML out.
 */
export function exportSummaryView(v: SummaryInput): string {
  const { t, data, lang } = v;
  const p = data.parent;
  const none = html`<p>${t('export.none')}</p>`;
  const list = (items: (string | RawHtml)[]): RawHtml =>
    items.length
      ? html`<ul>
          ${items.map((i) => html`<li>${i}</li>`)}
        </ul>`
      : none;
  const about: [string, string][] = [
    [t('export.name'), [p.givenName, p.familyName].filter(Boolean).join(' ')],
    [t('export.email'), p.email ?? ''],
    [t('export.phone'), p.phone ?? ''],
    [t('export.languages'), p.languages.map((l) => v.languageName(l.code)).join(', ')],
    [t('export.children'), p.children.map((c) => c.schoolYear).join(', ')],
    [
      t('export.situations'),
      [...new Set(p.situations.map((s) => s.code))].map((c) => v.situationLabel(c)).join(', '),
    ],
    [t('export.note'), p.intakeNote ?? ''],
  ];
  const consents = CONSENT_PURPOSES.map((purpose) => {
    const c = p.consents[purpose];
    return html`<dt>${t(`export.consent.${purpose}`)}</dt>
      <dd>
        ${c?.granted ? t('export.yes') : t('export.no')}${c ? ` (${dateOf(lang, c.at)})` : ''}
      </dd>`;
  });
  const buddies = data.matches.map((m) => {
    const name = textOf(m.other_parent_first_name);
    const key =
      m.status === 'active' || m.status === 'approved'
        ? 'export.buddyActive'
        : m.status === 'ended'
          ? 'export.buddyEnded'
          : 'export.buddyProposed';
    return `${dateOf(lang, m.created_at)}: ${t(key, { name })}`;
  });
  const messages = data.messages
    .filter((m) => m.subject)
    .map((m) => `${dateOf(lang, m.sent_at ?? m.created_at)}: ${textOf(m.subject)}`);
  const aboutYou = data.messagesAbout.map((m) => dateOf(lang, m.sent_at ?? m.created_at));
  const activities = data.activities.map((a) => `${dateOf(lang, a.starts_at)}: ${textOf(a.title)}`);
  const title = t('export.title', { schoolName: v.schoolName });
  return html`<!DOCTYPE html>
    <html lang="${lang}" dir="${v.dir}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title}</title>
        <style>
          ${raw(CSS)}
        </style>
      </head>
      <body>
        <main>
          <h1>${title}</h1>
          <p>${t('export.intro', { date: dateOf(lang, data.exportedAt) })}</p>
          <h2>${t('export.aboutYou')}</h2>
          <dl>
            ${about.map(
              ([k, value]) =>
                html`<dt>${k}</dt>
                  <dd>${value || t('export.none')}</dd>`,
            )}
          </dl>
          <h2>${t('export.consentsTitle')}</h2>
          <dl>${consents}</dl>
          <h2>${t('export.buddiesTitle')}</h2>
          ${list(buddies)}
          <h2>${t('export.activitiesTitle')}</h2>
          ${list(activities)}
          <h2>${t('export.messagesTitle')}</h2>
          ${list(messages)}
          <h2>${t('export.aboutTitle')}</h2>
          ${
            aboutYou.length
              ? html`<p>${t('export.aboutText')}</p>
                  ${list(aboutYou)}`
              : none
          }
          <h2>${t('export.auditTitle')}</h2>
          <p>${t('export.auditText')}</p>
          <h2>${t('export.rightsTitle')}</h2>
          <p>${t('export.rights', { schoolName: v.schoolName })}</p>
        </main>
      </body>
    </html>`.value;
}
