import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback that keeps every message it accepts. */
export class SmtpSink {
  readonly received: { to: string[]; raw: Buffer }[] = [];
  /** Errors of the server other than a client resetting its connection. */
  readonly errors: Error[] = [];
  private server?: SMTPServer;
  port = 0;
  /**
   * Called with the number of the message about to be accepted, before the reply to DATA:
   * a promise holds the acknowledgement back. A message whose connection closed meanwhile is
   * not accepted (and not kept), as a real server would drop it.
   */
  beforeAccept?: (n: number) => void | Promise<void>;
  private readonly closed = new Set<string>();

  async start(): Promise<number> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onClose: (session) => void this.closed.add(session.id),
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const accept = (): void => {
            if (this.closed.has(session.id)) return callback(new Error('connection closed'));
            this.received.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              raw: Buffer.concat(chunks),
            });
            callback();
          };
          if (!this.beforeAccept) return accept();
          void Promise.resolve(this.beforeAccept(this.received.length + 1)).then(accept);
        });
      },
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        // A client that dies mid-conversation (a worker killed on purpose) resets its socket;
        // a real mail server shrugs that off, and so does this one.
        server.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') this.errors.push(err);
        });
        resolve();
      });
    });
    this.port = (server.server.address() as { port: number }).port;
    return this.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The messages to an address once there are at least `count` (e-mail is sent in the background). */
  async waitFor(address: string, count = 1): Promise<ParsedMail[]> {
    for (let i = 0; i < 100; i++) {
      const mails = await this.for(address);
      if (mails.length >= count) return mails;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`fewer than ${count} e-mails to ${address}`);
  }

  /** Messages delivered to an address, parsed, oldest first. */
  async for(address: string): Promise<ParsedMail[]> {
    return Promise.all(
      this.received.filter((r) => r.to.includes(address)).map((r) => simpleParser(r.raw)),
    );
  }
}

/** The first link to a parent page in a message. */
export function parentLinkIn(mail: ParsedMail): string {
  const text = `${mail.text ?? ''} ${typeof mail.html === 'string' ? mail.html : ''}`;
  const m = /https?:\/\/[^\s"<>]+\/p\/[A-Za-z0-9_-]{43}/.exec(text);
  if (!m) throw new Error(`no parent link in "${mail.subject ?? ''}"`);
  return m[0];
}
