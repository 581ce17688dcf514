import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config/config';
import { APP_LOGGER, AppLogger } from '../common/logging/app-logger';
import { escapeHtml, safeHref } from '../common/http/html';
import { I18nService, Namespace, staffLanguage } from '../i18n/i18n.service';
import {
  MESSAGE_TRANSPORTS,
  MessageTransports,
} from '../notifications/transports/message-transport';

export interface StaffRecipient {
  email: string;
  name: string;
  interfaceLanguage: string;
}

/** A header value on one line: a name or a school typed with a line break cannot add a header. */
const oneLine = (value: string): string => value.replace(/[\r\n\u2028\u2029]+/g, ' ');

/**
 * E-mail to staff (a link to set a password, "you were added", a link to accept), in their own workspace
 * language. Sent right away through the same transport as parents' messages; the log never
 * holds the link.
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
    const link = `${this.config.publicBaseUrl}/password/set?token=${encodeURIComponent(token)}`;
    await this.send(to, 'workspace', `mail.${purpose}`, link, extra, [
      'greeting',
      'body',
      'link',
      'expiry',
      'ignore',
    ]);
  }

  /** "You were added to a school (or board)", with a link to log in (a re-sent invitation once accepted). */
  async sendAdded(to: StaffRecipient, extra: { school: string; inviter: string }): Promise<void> {
    await this.send(to, 'ws-settings', 'mail.added', `${this.config.publicBaseUrl}/`, extra, [
      'greeting',
      'body',
      'link',
      'forgot',
      'ignore',
    ]);
  }

  /**
   * "You were added; accept or decline": an account that existed gets no access to the school
   * or board until its owner accepts through this one-time link.
   */
  async sendAcceptLink(
    to: StaffRecipient,
    token: string,
    extra: { school: string; inviter: string },
  ): Promise<void> {
    const link = `${this.config.publicBaseUrl}/invitations/accept?token=${encodeURIComponent(token)}`;
    await this.send(to, 'workspace', 'mail.accept', link, extra, [
      'greeting',
      'body',
      'link',
      'expiry',
      'ignore',
    ]);
  }

  private async send(
    to: StaffRecipient,
    ns: Namespace,
    prefix: string,
    link: string,
    extra: { school?: string; inviter?: string },
    parts: string[],
  ): Promise<void> {
    const lang = staffLanguage(to.interfaceLanguage);
    const t = this.i18n.t(lang, ns);
    const values = {
      name: to.name,
      school: extra.school ?? '',
      inviter: extra.inviter ?? '',
      link,
    };
    const subject = oneLine(t(`${prefix}.subject`, values));
    const lines = parts.map((p) => (p === 'link' ? link : t(`${prefix}.${p}`, values)));
    const text = lines.join('\n\n') + '\n';
    const htmlBody = `<!DOCTYPE html><html lang="${lang}" dir="ltr"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:Arial,sans-serif">${lines
      .map((l) =>
        l === link
          ? `<p><a href="${escapeHtml(safeHref(link))}">${escapeHtml(t(`${prefix}.button`, values))}</a></p>`
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
        { prefix, err: err instanceof Error ? err.message : String(err) },
        'staff e-mail not sent',
      );
    }
  }
}
