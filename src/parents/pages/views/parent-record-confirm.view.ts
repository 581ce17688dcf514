import { html } from '../../../common/http/html';
import { PageContext, schoolHref } from '../../../workspace/page-context';
import {
  button,
  buttonGroup,
  csrfField,
  errorFor,
  errorSummary,
  FieldError,
  name,
  paragraph,
  textField,
} from '../../../workspace/views/components';
import { workspacePage } from '../../../workspace/views/layout';
import type { Parent } from '../../parent.entity';
import { fullName, sentenceWithName } from './parent-record.labels';

export type ConfirmKind = 'erase' | 'delete';

/**
 * What the consultant must type to confirm: the parent's name, or (for a record whose name
 * is already erased) a word shown on the page.
 */
export function confirmationText(ctx: PageContext, p: Parent): string {
  return p.erasedAt ? ctx.tr('ws-parents')('confirm.word') : fullName(p);
}

/** Typed text matches when it is the same apart from case, accents and spaces. */
export function confirms(typed: string, expected: string): boolean {
  const norm = (s: string): string =>
    s.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLocaleLowerCase();
  return norm(typed) !== '' && norm(typed) === norm(expected);
}

/** The separate confirmation page before erasing or deleting a parent: say what happens, then type to confirm. */
export function parentConfirmView(
  ctx: PageContext,
  v: { kind: ConfirmKind; parent: Parent; typed?: string; errors?: FieldError[] },
): string {
  const t = ctx.tr('ws-parents');
  const p = v.parent;
  const k = v.kind;
  const expected = confirmationText(ctx, p);
  const base = schoolHref(ctx, `/parents/${p.id}`);
  const points = (key: string): string[] => {
    const value = t(key, { returnObjects: true }) as unknown;
    return Array.isArray(value) ? (value as string[]) : [];
  };
  return workspacePage(ctx, {
    title: t(`${k}.title`, { name: fullName(p) }),
    active: 'parents',
    narrow: true,
    scripts: ['/assets/workspace.js'],
    body: html`<p class="utrecht-paragraph">
        <a class="utrecht-link" href="${base}">${t('confirm.back')}</a>
      </p>
      <h1 class="utrecht-heading-1">${sentenceWithName(t, `${k}.heading`, fullName(p))}</h1>
      ${errorSummary(ctx, v.errors)} ${paragraph(t(`${k}.intro`), true)}
      <h2 class="utrecht-heading-2">${t(`${k}.removesTitle`)}</h2>
      <ul class="utrecht-unordered-list">
        ${points(`${k}.removes`).map((s) => html`<li class="utrecht-unordered-list__item">${s}</li>`)}
      </ul>
      <h2 class="utrecht-heading-2">${t(`${k}.keepsTitle`)}</h2>
      <ul class="utrecht-unordered-list">
        ${points(`${k}.keeps`).map((s) => html`<li class="utrecht-unordered-list__item">${s}</li>`)}
      </ul>
      <div class="utrecht-alert utrecht-alert--warning">
        <div class="utrecht-alert__content">
          ${paragraph(t('confirm.final'))}
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href="${base}/export">${t('confirm.exportFirst')}</a>
          </p>
        </div>
      </div>
      <form method="post" action="${base}/${k}" class="om-form" novalidate>
        ${csrfField(ctx)}
        ${textField({
          name: 'confirmation',
          label: t(p.erasedAt ? 'confirm.labelWord' : 'confirm.labelName'),
          hint: html`${t('confirm.hint')} <strong>${name(expected)}</strong>.
            ${t('confirm.hintCase')}`,
          value: v.typed ?? '',
          autocomplete: 'off',
          maxlength: 250,
          required: true,
          error: errorFor(v.errors, 'confirmation'),
        })}
        ${buttonGroup(
          button(t(`${k}.submit`), { danger: true }),
          html`<a class="utrecht-link" href="${base}">${t('confirm.cancel')}</a>`,
        )}
      </form>`,
  });
}
