import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import type StreamTransport from 'nodemailer/lib/stream-transport';
import { mailOptions } from './email-message';
import { MessageTransport, OutgoingMessage, stableMessageId } from './message-transport';

/**
 * Development and tests without SMTP: each e-mail becomes a real .eml file (built by
 * nodemailer, so exactly what SMTP would carry) in the outbox folder, named by the
 * notification id, so a repeated attempt overwrites rather than duplicates.
 */
export class OutboxEmailTransport implements MessageTransport {
  private readonly builder: Transporter<StreamTransport.SentMessageInfo>;

  constructor(
    private readonly dir: string,
    private readonly from: string,
    private readonly host: string,
  ) {
    this.builder = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  async send(message: OutgoingMessage): Promise<{ messageId: string }> {
    const info = await this.builder.sendMail(mailOptions(message, this.from, this.host));
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${message.notificationId}.eml`);
    await writeFile(`${file}.tmp`, info.message as Buffer);
    await rename(`${file}.tmp`, file);
    return { messageId: stableMessageId(message.notificationId, this.host) };
  }
}
