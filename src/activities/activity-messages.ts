import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { I18nService } from '../i18n/i18n.service';
import { SHIPPED_LANGUAGES } from '../i18n/languages';
import { MessageKind } from '../notifications/message-kinds';
import { ActivityRef, MessagePayloads } from '../notifications/message-payloads';
import { MessageRequest, OutboxService } from '../notifications/outbox.service';
import { Activity, ActivityShown } from './activity.entity';

type ActivityKindMessage = Extract<MessageKind, `activity_${string}`>;

/**
 * The messages of the activities area: builds the payload every activity message shares
 * and writes it to the outbox in the caller's transaction. The subject is always the
 * activity; `repeatKey` tells deliberate repeats apart (a sign-up round, a change number).
 */
@Injectable()
export class ActivityMessages {
  constructor(
    private readonly outbox: OutboxService,
    private readonly i18n: I18nService,
  ) {}

  /** The kind's label in the school's language (the default title). */
  kindLabel(kind: string, language: string): string {
    return this.i18n.t(language, 'taxonomy')(`activityKind.${kind}`);
  }

  ref(a: ActivityShown): ActivityRef {
    const titles: Record<string, string> = a.titleFromKind ? { ...this.kindTitles(a.kind) } : {};
    Object.assign(titles, a.titles);
    return {
      activityId: a.id,
      title: a.title,
      ...(Object.keys(titles).length ? { titles } : {}),
      description: a.description,
      ...(Object.keys(a.descriptions ?? {}).length ? { descriptions: a.descriptions } : {}),
      version: a.version,
      kind: a.kind,
      startsAt: a.startsAt.toISOString(),
      endsAt: a.endsAt.toISOString(),
      location: a.location,
      languages: a.languages,
      interpreter: a.interpreter,
      childcare: a.childcare,
      costCents: a.costCents,
    };
  }

  /** The kind's label in every shipped language that has one (built once per kind). */
  private kindTitles(kind: string): Record<string, string> {
    let titles = this.titlesByKind.get(kind);
    if (!titles) {
      titles = {};
      for (const lng of SHIPPED_LANGUAGES)
        if (this.i18n.has(lng, 'taxonomy', `activityKind.${kind}`))
          titles[lng] = this.kindLabel(kind, lng);
      this.titlesByKind.set(kind, titles);
    }
    return titles;
  }

  private readonly titlesByKind = new Map<string, Record<string, string>>();

  /** Enqueues one message; false when the same one was enqueued before. */
  send<K extends ActivityKindMessage>(
    manager: EntityManager,
    a: Activity,
    parentId: string,
    kind: K,
    payload: MessagePayloads[K],
    repeatKey?: string,
  ): Promise<boolean> {
    return this.outbox.enqueue(manager, this.request(a, parentId, kind, payload, repeatKey));
  }

  /**
   * Enqueues one message of a kind for each parent, in a few statements whatever their
   * number; returns the parents whose message was enqueued now (not before).
   */
  async sendMany<K extends ActivityKindMessage>(
    manager: EntityManager,
    a: Activity,
    kind: K,
    items: { parentId: string; payload: MessagePayloads[K] }[],
    repeatKey?: string,
  ): Promise<Set<string>> {
    const requests = items.map((i) => this.request(a, i.parentId, kind, i.payload, repeatKey));
    const keys = await this.outbox.enqueueMany(manager, requests);
    return new Set(
      requests.filter((r) => keys.has(OutboxService.idempotencyKey(r))).map((r) => r.parentId),
    );
  }

  private request<K extends ActivityKindMessage>(
    a: Activity,
    parentId: string,
    kind: K,
    payload: MessagePayloads[K],
    repeatKey?: string,
  ): MessageRequest {
    return {
      schoolId: a.schoolId,
      parentId,
      kind,
      subject: { type: 'activity', id: a.id },
      repeatKey,
      payload: payload as unknown as Record<string, unknown>,
      // The link lets the parent sign up or cancel; it is of no use after the activity ended.
      link: {
        purpose: 'activity',
        subjectId: a.id,
        expiresAt: new Date(Math.max(a.endsAt.getTime(), Date.now()) + 7 * 86400_000),
      },
    };
  }
}
