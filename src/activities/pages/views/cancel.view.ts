import { html } from '../../../common/http/html';
import type { PageContext } from '../../../workspace/page-context';
import {
  alert,
  button,
  buttonGroup,
  csrfField,
  linkButton,
  paragraph,
} from '../../../workspace/views/components';
import type { Activity } from '../../activity.entity';
import { activityHref, activityPage, backLinks, texts, whenText } from './shared';

/** "Cancel this activity?": who will be told, then one button (works without a script). */
export function cancelView(
  ctx: PageContext,
  d: { activity: Activity; told: number; error?: string },
): string {
  const t = texts(ctx);
  const a = d.activity;
  const title = t('cancel.title', { title: a.title });
  const body = html`${backLinks(ctx, a)}
    <h1 class="utrecht-heading-1">${title}</h1>
    ${d.error ? alert('error', paragraph(d.error), { role: 'alert' }) : ''}
    ${paragraph(whenText(ctx, a), true)}
    ${paragraph(d.told ? t('cancel.told', { count: d.told }) : t('cancel.nobody'))}
    ${paragraph(t('cancel.kept'))}
    <form method="post" action="${activityHref(ctx, a.id, '/cancel')}">
      ${csrfField(ctx)}
      ${buttonGroup(
        button(t('cancel.confirm'), { danger: true }),
        linkButton(activityHref(ctx, a.id), t('cancel.back')),
      )}
    </form>`;
  return activityPage(ctx, { title, body, narrow: true });
}
