import { join } from 'node:path';
import type { AppConfig } from '../../config/config';
import { hostOf } from '../message-renderer';
import type { MessageTransports } from './message-transport';
import { OutboxEmailTransport } from './outbox.transport';
import { OutboxSmsProvider, SmsProvider, SmsTransport } from './sms.transport';
import { SmtpTransport } from './smtp.transport';

function smsProvider(config: AppConfig): SmsProvider {
  switch (config.smsProvider) {
    case 'outbox':
      return new OutboxSmsProvider(join(config.outboxDir, 'sms'));
  }
}

/** SMTP when configured, otherwise .eml files in the outbox folder; SMS by config.smsProvider. */
export function createTransports(config: AppConfig): MessageTransports {
  const host = hostOf(config.publicBaseUrl);
  return {
    email: config.smtp
      ? new SmtpTransport(config.smtp, config.mailFrom, host)
      : new OutboxEmailTransport(config.outboxDir, config.mailFrom, host),
    sms: new SmsTransport(smsProvider(config), host),
  };
}
