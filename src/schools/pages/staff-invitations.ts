import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PasswordsService } from '../../auth/passwords.service';
import type { Actor, SchoolRole } from '../../common/auth/actor';
import { escapeHtml } from '../../common/http/html';
import { APP_LOGGER, AppLogger } from '../../common/logging/app-logger';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { I18nService, staffLanguage } from '../../i18n/i18n.service';
import {
  MESSAGE_TRANSPORTS,
  MessageTransports,
} from '../../notifications/transports/message-transport';
import { Invitation, StaffService } from '../../staff/staff.service';
import { StaffMailer } from '../../workspace/staff-mailer';

/**
 * Inviting a colleague by e-mail. The membership is made at once (StaffService); the e-mail
 * goes out in the background, so the answer takes as long for an address that has an account
 * as for a new one:
 * - a new account gets a one-time link to choose a password (PasswordsService + StaffMailer);
 * - an existing account is only told it was added: nobody sets or resets its password.
 */
@Injectable()
export class StaffInvitations {
  constructor(
    private readonly staff: StaffService,
    private readonly passwords: PasswordsService,
    private readonly mailer: StaffMailer,
    private readonly i18n: I18nService,
    @Inject(MESSAGE_TRANSPORTS) private readonly transports: MessageTransports,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  async invite(
    actor: Actor,
    school: { id: string; name: string },
    person: { email: string; name: string; interfaceLanguage?: string },
    role: SchoolRole,
  ): Promise<void> {
    const invitation = await this.staff.inviteToSchool(actor, school.id, person, role);
    void this.send(invitation, school.name, actor);
  }

  async resend(actor: Actor, school: { id: string; name: string }, staffId: string): Promise<void> {
    const invitation = await this.staff.invitationToResend(actor, school.id, staffId);
    void this.send(invitation, school.name, actor);
  }

  private async send(invitation: Invitation, school: string, inviter: Actor): Promise<void> {
    const extra = { school, inviter: inviter.name ?? inviter.email };
    try {
      if (invitation.newAccount) {
        const token = await this.passwords.issueInvite(invitation.staffId);
        await this.mailer.sendPasswordLink(invitation, 'invite', token, extra);
      } else await this.sendAdded(invitation, extra);
    } catch (err) {
      this.logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'staff invitation not sent',
      );
    }
  }

  /** "You were added to a school": in the recipient's own language, a link to log in. */
  private async sendAdded(
    to: Invitation,
    extra: { school: string; inviter: string },
  ): Promise<void> {
    const lang = staffLanguage(to.interfaceLanguage);
    const t = this.i18n.t(lang, 'ws-settings');
    const link = `${this.config.publicBaseUrl}/`;
    const values = { name: to.name, ...extra, link };
    const subject = t('mail.added.subject', values);
    const lines = [
      t('mail.added.greeting', values),
      t('mail.added.body', values),
      link,
      t('mail.added.forgot', values),
      t('mail.added.ignore', values),
    ];
    const htmlBody = `<!DOCTYPE html><html lang="${lang}" dir="ltr"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:Arial,sans-serif">${lines
      .map((l) =>
        l === link
          ? `<p><a href="${escapeHtml(link)}">${escapeHtml(t('mail.added.button', values))}</a></p>`
          : `<p>${escapeHtml(l)}</p>`,
      )
      .join('')}</body></html>`;
    await this.transports.email.send({
      notificationId: randomUUID(),
      channel: 'email',
      to: to.email,
      subject,
      text: lines.join('\n\n') + '\n',
      html: htmlBody,
      sms: '',
      contentLanguage: lang,
    });
  }
}
