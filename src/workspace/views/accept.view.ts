import { html } from '../../common/http/html';
import type { PendingMembership } from '../../staff/staff.service';
import type { PageContext } from '../page-context';
import { alert, button, buttonGroup, paragraph } from './components';
import { publicPage } from './layout';

type Texts = Pick<PageContext, 'lang' | 'dir' | 't'>;

/**
 * The page behind the link in "you were added" (an account that existed): which school or
 * board, in which role, with Accept and Decline. Without a usable link: why it does not work.
 */
export function acceptInvitationView(
  ctx: Texts,
  v: { csrf: string; token: string; pending?: PendingMembership; error?: string },
): string {
  const { t } = ctx;
  const p = v.pending;
  if (!p)
    return publicPage(ctx, {
      title: t('acceptInvitation.invalidTitle'),
      body: html`<h1 class="utrecht-heading-1">${t('acceptInvitation.invalidTitle')}</h1>
        ${alert('warning', paragraph(t('acceptInvitation.invalid')))}`,
    });
  const intro =
    p.kind === 'board'
      ? t('acceptInvitation.introBoard', { place: p.place, email: p.email })
      : t('acceptInvitation.intro', { place: p.place, email: p.email, role: t(`roles.${p.role}`) });
  return publicPage(ctx, {
    title: t('acceptInvitation.title'),
    body: html`<h1 class="utrecht-heading-1">${t('acceptInvitation.title')}</h1>
      ${v.error ? alert('error', paragraph(v.error)) : ''} ${paragraph(intro, true)}
      ${paragraph(t('acceptInvitation.explain'))}
      <form method="post" action="/invitations/accept" class="utrecht-form om-form">
        <input type="hidden" name="_csrf" value="${v.csrf}" />
        <input type="hidden" name="token" value="${v.token}" />
        ${buttonGroup(
          button(t('acceptInvitation.accept'), { name: 'answer', value: 'accept' }),
          button(t('acceptInvitation.decline'), {
            name: 'answer',
            value: 'decline',
            variant: 'secondary',
          }),
        )}
      </form>`,
  });
}
