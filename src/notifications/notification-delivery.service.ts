import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { APP_LOGGER, AppLogger } from '../common/logging/app-logger';
import { chooseChannel, TASK_REASONS } from './channel-choice';
import { DELIVERY_POLICY, DeliveryPolicy, retryDelayMs } from './delivery-policy';
import { LinkTokensService } from './link-tokens.service';
import { ALWAYS_SENT, MESSAGE_KINDS } from './message-kinds';
import { recipientOf, schoolOf } from './message-context';
import { MessageRenderer, messageLinks, RenderedMessage } from './message-renderer';
import {
  ClaimedNotification,
  DeliveryOutcome,
  NotificationDeliveryRepository,
  RecipientParent,
  RecipientSchool,
} from './notification-delivery.repository';
import { OTHER_PARENT_GONE, PayloadRefsService } from './payload-refs.service';
import { PrintedMessages } from './printed-messages';
import { ShortCodesService } from './short-codes.service';
import { MESSAGE_TRANSPORTS, MessageTransports } from './transports/message-transport';

function blank(row: ClaimedNotification): DeliveryOutcome {
  return {
    id: row.id,
    claimToken: row.claimToken,
    status: 'skipped',
    channel: null,
    language: null,
    recipient: null,
    subject: null,
    bodyText: null,
    bodyHtml: null,
    messageId: null,
    attempts: row.attempts,
    nextAttemptAt: null,
    lastError: null,
  };
}

/**
 * Delivers claimed outbox rows: checks the parent still wants this message, chooses the
 * channel, renders once, sends, and returns the outcome of each row. It does not write: the
 * caller passes `onOutcome` to record each outcome the moment it is known (the task writes it
 * at once, so a crash later in the batch does not send this message again).
 */
@Injectable()
export class NotificationDeliveryService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    @Inject(DELIVERY_POLICY) private readonly policy: DeliveryPolicy,
    @Inject(MESSAGE_TRANSPORTS) private readonly transports: MessageTransports,
    private readonly repo: NotificationDeliveryRepository,
    private readonly renderer: MessageRenderer,
    private readonly printed: PrintedMessages,
    private readonly links: LinkTokensService,
    private readonly codes: ShortCodesService,
    private readonly refs: PayloadRefsService,
  ) {}

  async deliver(
    rows: ClaimedNotification[],
    onOutcome?: (outcome: DeliveryOutcome) => Promise<void>,
  ): Promise<DeliveryOutcome[]> {
    const [parents, schools] = await Promise.all([
      // Names of other parents a message is about are read now, never stored with it.
      this.refs
        .resolve(rows)
        .then(() =>
          this.repo.parents([
            ...new Set(rows.map((r) => r.parentId).filter((id): id is string => id !== null)),
          ]),
        ),
      this.repo.schools([...new Set(rows.map((r) => r.schoolId))]),
    ]);
    return Promise.all(
      rows.map(async (row) => {
        const outcome = await this.deliverOne(
          row,
          row.parentId ? parents.get(row.parentId) : undefined,
          schools.get(row.schoolId),
        );
        if (onOutcome) await onOutcome(outcome);
        return outcome;
      }),
    );
  }

  private async deliverOne(
    row: ClaimedNotification,
    parent: RecipientParent | undefined,
    school: RecipientSchool | undefined,
  ): Promise<DeliveryOutcome> {
    const out = blank(row);
    if (row.attempts >= this.policy.maxAttempts)
      return {
        ...out,
        status: 'dead',
        lastError: 'too many attempts (the last one did not finish)',
      };
    if (!parent || !school || parent.erasedAt || parent.schoolId !== row.schoolId)
      return { ...out, lastError: 'parent removed' };
    if (row.payload[OTHER_PARENT_GONE]) return { ...out, lastError: 'other parent erased' };
    const kind = MESSAGE_KINDS[row.kind] ? row.kind : undefined;
    if (!kind) return { ...out, status: 'dead', lastError: `unknown message kind ${row.kind}` };
    if (!ALWAYS_SENT.has(kind)) {
      if (parent.messagesStopped) return { ...out, lastError: 'parent stopped all messages' };
      const topic = MESSAGE_KINDS[kind].topic;
      if (topic && parent.stoppedTopics.includes(topic))
        return { ...out, lastError: `parent stopped the topic ${topic}` };
    }
    const linkUrl = row.linkId ? this.links.url(row.linkId) : this.config.publicBaseUrl;
    const recipient = recipientOf(parent);
    const schoolInfo = schoolOf(school);
    const choice = chooseChannel(parent);
    let rendered: RenderedMessage;
    try {
      if (choice.channel === 'task') {
        const task = this.printed.task(kind, row.payload, recipient, schoolInfo, linkUrl);
        return {
          ...out,
          status: 'task',
          channel: 'task',
          language: task.language,
          subject: task.subject,
          bodyText: task.text,
          bodyHtml: task.html,
          lastError: null,
          recipient: `task: ${TASK_REASONS[choice.reason]}`,
        };
      }
      // Only the channel sent is written; an SMS carries the short link (/c/{code}).
      const code =
        choice.channel === 'sms' && row.linkId ? await this.codes.codeFor(row.linkId) : undefined;
      rendered = this.renderer.render(kind, row.payload, recipient, schoolInfo, linkUrl, {
        only: choice.channel,
        smsLink: code ? this.codes.shortLink(code) : undefined,
      });
      if (rendered.warnings.length)
        this.logger.warn(
          {
            notificationId: row.id,
            kind,
            language: rendered.language,
            warnings: rendered.warnings,
          },
          'message rendered with missing placeholders',
        );
    } catch (err) {
      return this.failure(out, row, err);
    }
    const sent = {
      ...out,
      channel: choice.channel,
      language: rendered.language,
      recipient: choice.to,
      subject: rendered.subject,
      bodyText: choice.channel === 'sms' ? rendered.sms : rendered.text,
      // The text part is the record of what was sent; the HTML is the same sentences laid out
      // (kept only for tasks and letters, which staff print), which halves what each send writes.
      bodyHtml: null,
    };
    try {
      const { messageId } = await this.transports[choice.channel].send({
        notificationId: row.id,
        channel: choice.channel,
        to: choice.to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        sms: rendered.sms,
        contentLanguage: rendered.contentLanguage,
        unsubscribeUrl: messageLinks(linkUrl).preferences,
        attachments: rendered.attachments,
      });
      return { ...sent, status: 'sent', messageId };
    } catch (err) {
      return this.failure(sent, row, err);
    }
  }

  private failure(out: DeliveryOutcome, row: ClaimedNotification, err: unknown): DeliveryOutcome {
    const attempts = row.attempts + 1;
    const lastError = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    const dead = attempts >= this.policy.maxAttempts;
    this.logger.warn(
      { notificationId: row.id, kind: row.kind, attempts, dead, err: lastError },
      'message not delivered',
    );
    return {
      ...out,
      status: dead ? 'dead' : 'failed',
      attempts,
      lastError,
      nextAttemptAt: dead ? null : new Date(Date.now() + retryDelayMs(this.policy, attempts)),
    };
  }
}
