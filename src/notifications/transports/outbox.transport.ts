import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EmailComposer } from './email-message';
import { MessageTransport, OutgoingMessage } from './message-transport';

/**
 * Development and tests without SMTP: each e-mail becomes a real .eml file (written by the
 * same EmailComposer, so exactly what SMTP would carry) in the outbox folder, named by the
 * notification id, so a repeated attempt overwrites rather than duplicates.
 */
export class OutboxEmailTransport implements MessageTransport {
  private readonly composer: EmailComposer;

  constructor(
    private readonly dir: string,
    from: string,
    host: string,
  ) {
    this.composer = new EmailComposer(from, host);
  }

  async send(message: OutgoingMessage): Promise<{ messageId: string }> {
    const email = this.composer.compose(message);
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${message.notificationId}.eml`);
    await writeFile(`${file}.tmp`, email.raw, 'utf8');
    await rename(`${file}.tmp`, file);
    return { messageId: email.messageId };
  }
}
