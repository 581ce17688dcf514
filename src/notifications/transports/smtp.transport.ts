import { connect, Socket } from 'node:net';
import { createTransport, Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { SmtpConfig } from '../../config/config';
import { EmailComposer } from './email-message';
import type { MessageTransport, OutgoingMessage } from './message-transport';

/**
 * Time limits on SMTP, all well inside the delivery lease (DEFAULT_DELIVERY_POLICY.leaseSeconds,
 * 120 s), so a mail server that drops packets cannot hold a batch past its lease: our own
 * connect (TCP_NODELAY socket) gives up after `connectMs`, nodemailer's connect, greeting
 * and idle-socket limits follow.
 */
export const SMTP_TIMEOUTS = {
  connectMs: 10_000,
  greetingMs: 10_000,
  socketMs: 30_000,
} as const;

/**
 * SMTP through one pooled nodemailer transport: a few long-lived connections, many messages
 * each. Each message is written in one piece by EmailComposer and handed to nodemailer as is
 * (`raw`): building it through nodemailer's MIME streams, random boundaries and per-part
 * encoders cost more CPU than the whole rest of a delivery (`npm run bench:notifications`).
 */
export class SmtpTransport implements MessageTransport {
  private readonly transporter: Transporter<SMTPPool.SentMessageInfo>;
  private readonly composer: EmailComposer;

  constructor(config: SmtpConfig, from: string, host: string) {
    this.composer = new EmailComposer(from, host);
    const options: SMTPPool.Options = {
      pool: true,
      host: config.host,
      port: config.port,
      secure: config.secure,
      auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
      maxConnections: config.maxConnections,
      maxMessages: Infinity,
      connectionTimeout: SMTP_TIMEOUTS.connectMs,
      greetingTimeout: SMTP_TIMEOUTS.greetingMs,
      socketTimeout: SMTP_TIMEOUTS.socketMs,
      // SMTP is one short command and reply after another: without TCP_NODELAY, Nagle's
      // algorithm and delayed ACKs add up to 40 ms per step (measured: 6x slower).
      ...(config.secure
        ? {}
        : {
            getSocket: (
              _options: SMTPPool.Options,
              callback: (err: Error | null, socketOptions?: { connection?: Socket }) => void,
            ) => noDelaySocket(config.host, config.port, callback),
          }),
    };
    this.transporter = createTransport(options);
  }

  async send(message: OutgoingMessage): Promise<{ messageId: string }> {
    const email = this.composer.compose(message);
    const info = await this.transporter.sendMail({ envelope: email.envelope, raw: email.raw });
    if (info.rejected?.length) throw new Error(`rejected by the mail server: ${info.response}`);
    return { messageId: email.messageId };
  }

  close(): void {
    this.transporter.close();
  }
}

/**
 * A connected socket with TCP_NODELAY for nodemailer. When connecting fails or takes longer
 * than SMTP_TIMEOUTS.connectMs (nodemailer's connectionTimeout does not cover a socket we
 * supply; without this limit a host that drops packets holds us for the OS SYN timeout, about
 * 127 s on Linux), we hand over nothing, so nodemailer connects by itself under its own
 * connectionTimeout and reports the error the usual way (the pool does not fail queued
 * messages on an error from getSocket).
 */
function noDelaySocket(
  host: string,
  port: number,
  callback: (err: Error | null, socketOptions?: { connection?: Socket }) => void,
): void {
  const socket = connect({ host, port, noDelay: true });
  let settled = false;
  const giveUp = (): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    socket.destroy();
    callback(null, {});
  };
  const timer = setTimeout(giveUp, SMTP_TIMEOUTS.connectMs);
  timer.unref();
  socket.once('error', giveUp);
  socket.once('connect', () => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    socket.removeListener('error', giveUp);
    callback(null, { connection: socket });
  });
}
