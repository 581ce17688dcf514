import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MessageTransport, OutgoingMessage, stableMessageId } from './message-transport';

/** What an SMS gateway must do: deliver a short text; returns the provider's id. */
export interface SmsProvider {
  sendSms(sms: {
    id: string;
    to: string;
    text: string;
    language: string;
  }): Promise<{ providerId: string }>;
}

/** Development provider: writes each SMS to outboxDir/sms/<notification-id>.txt. */
export class OutboxSmsProvider implements SmsProvider {
  constructor(private readonly dir: string) {}

  async sendSms(sms: {
    id: string;
    to: string;
    text: string;
    language: string;
  }): Promise<{ providerId: string }> {
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${sms.id}.txt`);
    await writeFile(
      `${file}.tmp`,
      `To: ${sms.to}\nLanguage: ${sms.language}\n\n${sms.text}\n`,
      'utf8',
    );
    await rename(`${file}.tmp`, file);
    return { providerId: sms.id };
  }
}

/** The SMS channel as a MessageTransport over any provider. */
export class SmsTransport implements MessageTransport {
  constructor(
    private readonly provider: SmsProvider,
    private readonly host: string,
  ) {}

  async send(message: OutgoingMessage): Promise<{ messageId: string }> {
    await this.provider.sendSms({
      id: message.notificationId,
      to: message.to,
      text: message.sms,
      language: message.contentLanguage,
    });
    return { messageId: stableMessageId(message.notificationId, this.host) };
  }
}
