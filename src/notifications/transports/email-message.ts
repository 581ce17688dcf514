import type Mail from 'nodemailer/lib/mailer';
import type { OutgoingMessage } from './message-transport';
import { stableMessageId } from './message-transport';

/** The nodemailer form of a message, shared by the SMTP and the .eml transport. */
export function mailOptions(message: OutgoingMessage, from: string, host: string): Mail.Options {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: stableMessageId(message.notificationId, host),
    headers: {
      'Content-Language': message.contentLanguage,
      ...(message.unsubscribeUrl
        ? {
            'List-Unsubscribe': `<${message.unsubscribeUrl}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          }
        : {}),
      'Auto-Submitted': 'auto-generated',
    },
    attachments: message.attachments?.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
  };
}
