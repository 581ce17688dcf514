import type { MessageAttachment } from '../message-renderer';

/** One rendered message on its way to one parent. */
export interface OutgoingMessage {
  /** The notification id; also the stable Message-ID, so a receiver can drop a repeat. */
  notificationId: string;
  channel: 'email' | 'sms';
  /** E-mail address or E.164 phone number. */
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Short text for SMS. */
  sms: string;
  /** Content-Language, e.g. "ar" or "ar, nl". */
  contentLanguage: string;
  /** The parent's page on language and stop settings (List-Unsubscribe); none for staff mail. */
  unsubscribeUrl?: string;
  attachments?: MessageAttachment[];
}

/** Sends a message on one channel; throws when it was not accepted. */
export interface MessageTransport {
  send(message: OutgoingMessage): Promise<{ messageId: string }>;
  close?(): void | Promise<void>;
}

/** The transports of this process, one per channel (chosen from AppConfig by the factory). */
export interface MessageTransports {
  email: MessageTransport;
  sms: MessageTransport;
}

export const MESSAGE_TRANSPORTS = Symbol('MESSAGE_TRANSPORTS');

/** `<notification-id@host>`: the same for every attempt at one message. */
export function stableMessageId(notificationId: string, host: string): string {
  return `<${notificationId}@${host}>`;
}
