import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config/config';
import { APP_LOGGER, AppLogger } from '../common/logging/app-logger';
import { escapeHtml } from '../common/http/html';
import { I18nService, staffLanguage } from '../i18n/i18n.service';
import {
  MESSAGE_TRANSPORTS,
  MessageTransports,
} from '../notifications/transports/message-transport';

export interface StaffRecipient {
  email: string;
  name: string;
  interfaceLanguage: string;
}

/**
 * E-mail to staff (a link to set a password), in their own workspace language. Sent right
 * away through the same transport as parents' messages; the log never holds the link.
 */
@Injectable()
export class StaffMailer {
  constructor(
    @Inject(MESSAGE_TRANSPORTS) private readonly transports: MessageTransports,
    private readonly i18n: I18nService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  /** A link to set a password: after "forgot my password" (reset) or for a new colleague (invite). */
  async sendPasswordLink(
    to: StaffRecipient,
    purpose: 'reset' | 'invite',
    token: string,
    extra: { school?: string; inviter?: string } = {},
  ): Promise<void> {
    const lang = staffLanguage(to.interfaceLanguage);
    const t = this.i18n.t(lang, 'workspace');
    const link = `${this.config.publicBaseUrl}/password/set?token=${encodeURIComponent(token)}`;
    const values = {
      name: to.name,
      school: extra.school ?? '',
      inviter: extra.inviter ?? '',
      link,
    };
    const subject = t(`mail.${purpose}.subject`, values);
    const lines = [
      t(`mail.${purpose}.greeting`, values),
      t(`mail.${purpose}.body`, values),
      link,
      t(`mail.${purpose}.expiry`, values),
      t(`mail.${purpose}.ignore`, values),
    ];
    const text = lines.join('\n\n') + '\n';
    const htmlBody = `<!DOCTYPE html><html lang="${lang}" dir="ltr"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:Arial,sans-serif">${lines
      .map((l) =>
        l === link
          ? `<p><a href="${escapeHtml(link)}">${escapeHtml(t(`mail.${purpose}.button`, values))}</a></p>`
          : `<p>${escapeHtml(l)}</p>`,
      )
      .join('')}</body></html>`;
    try {
      await this.transports.email.send({
        notificationId: randomUUID(),
        channel: 'email',
        to: to.email,
        subject,
        text,
        html: htmlBody,
        sms: '',
        contentLanguage: lang,
      });
    } catch (err) {
      this.logger.warn(
        { purpose, err: err instanceof Error ? err.message : String(err) },
        'staff e-mail not sent',
      );
    }
  }
}
