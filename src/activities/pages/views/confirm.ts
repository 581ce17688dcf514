import { html, RawHtml } from '../../../common/http/html';
import type { PageContext } from '../../../workspace/page-context';
import { csrfField } from '../../../workspace/views/components';

export interface ConfirmableAction {
  action: string;
  label: string;
  /** Said to screen readers after the label (which row the button is about). */
  labelDetail?: string;
  /** Asked once before sending (by the shell's script; without it the form just sends). */
  confirm?: string;
  variant?: 'primary' | 'secondary' | 'subtle';
  danger?: boolean;
  hidden?: Record<string, string>;
}

/**
 * A one-button POST form (CSRF included) whose button asks for confirmation first, through
 * the shell's `data-confirm` (assets/workspace.js). For actions that can be undone or are
 * mild; a cancellation that tells parents has a confirmation page of its own.
 */
export function actionFormWithConfirm(
  ctx: Pick<PageContext, 'csrfToken'>,
  a: ConfirmableAction,
): RawHtml {
  const variant = a.variant ?? 'secondary';
  const danger = a.danger ? ` utrecht-button--${variant}-action-danger utrecht-button--danger` : '';
  return html`<form method="post" action="${a.action}" class="om-inline-form">
    ${csrfField(ctx)}
    ${Object.entries(a.hidden ?? {}).map(
      ([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`,
    )}
    <button
      class="utrecht-button utrecht-button--${variant}-action${danger}"
      type="submit"
      ${a.confirm ? html`data-confirm="${a.confirm}"` : ''}
    >
      ${a.label}${a.labelDetail ? html`<span class="om-visually-hidden"> ${a.labelDetail}</span>` : ''}
    </button>
  </form>`;
}
