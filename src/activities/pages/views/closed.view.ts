import { html } from '../../../common/http/html';
import type { PageContext } from '../../../workspace/page-context';
import { alert, linkButton, paragraph } from '../../../workspace/views/components';
import type { Activity } from '../../activity.entity';
import { activityHref, activityPage, backLinks, texts } from './shared';

/** A job that no longer applies (changing or inviting to a cancelled or past activity). */
export function closedView(ctx: PageContext, a: Activity, message: string): string {
  const t = texts(ctx);
  const body = html`${backLinks(ctx, a)}
    <h1 class="utrecht-heading-1">${a.title}</h1>
    ${alert('warning', paragraph(message))}
    <p class="utrecht-paragraph">${linkButton(activityHref(ctx, a.id), t('closed.back'))}</p>`;
  return activityPage(ctx, { title: a.title, body, narrow: true });
}
