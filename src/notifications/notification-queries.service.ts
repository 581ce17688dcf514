import { Inject, Injectable } from '@nestjs/common';
import QRCode from 'qrcode';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, SYSTEM } from '../common/auth/actor';
import { ConflictError, DomainError, NotFoundError } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Parent } from '../parents/parent.entity';
import { School } from '../schools/school.entity';
import { LinkTokensService } from './link-tokens.service';
import { recipientOf, schoolOf } from './message-context';
import { MessageRenderer, MessageSchool } from './message-renderer';
import { DeliveryChannel, Notification, NotificationStatus } from './notification.entity';
import { PayloadRefsService } from './payload-refs.service';
import { PrintedMessages } from './printed-messages';
import { ShortCodesService } from './short-codes.service';
import { TASK_REASONS } from './channel-choice';
import type { LetterAnswer } from './templates/letter-html';
import { MESSAGE_KINDS } from './message-kinds';
import type { TaskOutcome } from './task-outcome';

export interface NotificationFilters {
  status?: NotificationStatus;
  channel?: DeliveryChannel;
  kind?: string;
  parentId?: string;
  language?: string;
}

export interface OpenTask {
  notification: Notification;
  parentName: string | null;
}

/** The consultant's two lists: parents to call or speak to, and letters to print. */
export type TaskGroup = 'call' | 'letter';

/** What a task page shows of the parent (how to reach them, why the message became a task). */
export type TaskParent = Pick<
  Parent,
  | 'id'
  | 'givenName'
  | 'familyName'
  | 'phone'
  | 'email'
  | 'channels'
  | 'consents'
  | 'prefersSpoken'
  | 'messageLanguage'
  | 'languages'
  | 'children'
>;

export interface StaffTask {
  notification: Notification;
  parent: TaskParent;
}

/** One printable letter: its sections' HTML, and the language it starts with. */
export interface PrintableLetter {
  notificationId: string;
  html: string;
  language: string;
  dir: 'ltr' | 'rtl';
  title: string;
}

/**
 * A letter goes on paper when the parent asked for one, or when there is no phone number to
 * call; every other task is a call (or a talk in person).
 */
const LETTER_GROUP_SQL = `(n.recipient = 'task: ${TASK_REASONS.letter}' OR (n.recipient <> 'task: ${TASK_REASONS.prefers_spoken}' AND n.recipient <> 'task: ${TASK_REASONS.in_person}' AND p.phone IS NULL))`;

const ANSWER_KINDS = {
  match: ['intro_seeker', 'intro_buddy', 'response_reminder'],
  signUp: [
    'activity_confirmed',
    'activity_waitlisted',
    'activity_promoted',
    'activity_reminder',
    'activity_changed',
  ],
};

/**
 * Open tasks whose question was answered another way (the parent used their link or code,
 * staff recorded it on the match or the activity) or is no longer open (the match closed,
 * the activity started or was called off). "Since" is when the message became due.
 */
const CLOSE_ANSWERED_SQL = `
WITH open AS (
  SELECT n.id, n.kind, n.parent_id, n.subject_id, GREATEST(n.created_at, n.next_attempt_at) AS since
    FROM notification n
   WHERE n.school_id = $1 AND n.status = 'task' AND n.task_done_at IS NULL
), closing AS (
  SELECT o.id,
    CASE
      WHEN o.kind = ANY($2::text[]) THEN
        CASE
          WHEN EXISTS (SELECT 1 FROM match m WHERE m.id = o.subject_id
                        AND ((m.seeker_id = o.parent_id AND m.seeker_response IS NOT NULL)
                          OR (m.buddy_id = o.parent_id AND m.buddy_response IS NOT NULL))) THEN 'answered'
          WHEN NOT EXISTS (SELECT 1 FROM match m WHERE m.id = o.subject_id AND m.status = 'approved') THEN 'no_longer_needed'
        END
      WHEN o.kind = 'check_in' THEN
        CASE
          WHEN EXISTS (SELECT 1 FROM match m, jsonb_array_elements(m.check_ins) c
                        WHERE m.id = o.subject_id AND c->>'parentId' = o.parent_id::text
                          AND (c->>'at')::timestamptz >= o.since) THEN 'answered'
          WHEN NOT EXISTS (SELECT 1 FROM match m WHERE m.id = o.subject_id AND m.status = 'active') THEN 'no_longer_needed'
        END
      WHEN o.kind LIKE 'activity%' THEN
        CASE
          WHEN o.kind = 'activity_invitation' AND EXISTS (
                 SELECT 1 FROM activity_rsvp r WHERE r.activity_id = o.subject_id AND r.parent_id = o.parent_id
                    AND (r.status <> 'cancelled' OR r.cancelled_at >= o.since)) THEN 'answered'
          WHEN o.kind = ANY($3::text[]) AND EXISTS (
                 SELECT 1 FROM activity_rsvp r WHERE r.activity_id = o.subject_id AND r.parent_id = o.parent_id
                    AND r.status = 'cancelled' AND r.cancelled_at >= o.since) THEN 'answered'
          WHEN NOT EXISTS (SELECT 1 FROM activity a WHERE a.id = o.subject_id AND a.starts_at > now()
                            AND (a.status = 'scheduled' OR o.kind = 'activity_cancelled')) THEN 'no_longer_needed'
        END
    END AS outcome
  FROM open o
)
UPDATE notification n
   SET task_done_at = now(), task_outcome = c.outcome, updated_at = now()
  FROM closing c
 WHERE n.id = c.id AND c.outcome IS NOT NULL AND n.task_done_at IS NULL
RETURNING n.id, n.parent_id, n.kind, c.outcome`;

/** What staff see and do with messages: the list, one message, retry, tasks, letters. */
@Injectable()
export class NotificationQueriesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly renderer: MessageRenderer,
    private readonly printed: PrintedMessages,
    private readonly links: LinkTokensService,
    private readonly codes: ShortCodesService,
    private readonly refs: PayloadRefsService,
  ) {}

  async list(
    schoolId: string,
    filters: NotificationFilters,
    page: number,
    pageSize: number,
  ): Promise<{ items: Notification[]; total: number }> {
    const qb = this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.school_id = :schoolId', { schoolId })
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize);
    if (filters.status) qb.andWhere('n.status = :status', { status: filters.status });
    if (filters.channel) qb.andWhere('n.channel = :channel', { channel: filters.channel });
    if (filters.kind) qb.andWhere('n.kind = :kind', { kind: filters.kind });
    if (filters.parentId) qb.andWhere('n.parent_id = :parentId', { parentId: filters.parentId });
    if (filters.language) qb.andWhere('n.language = :language', { language: filters.language });
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  /** One message with its text; reading the text is written to the audit log. */
  async get(
    actor: Actor,
    schoolId: string,
    id: string,
  ): Promise<{ notification: Notification; rendering: 'stored' | 'preview' }> {
    const n = await this.find(schoolId, id);
    let rendering: 'stored' | 'preview' = 'stored';
    if (n.bodyText === null) {
      const ctx = await this.context(n);
      if (ctx) {
        const preview = this.renderer.render(
          n.kind,
          n.payload,
          recipientOf(ctx.parent),
          schoolOf(ctx.school),
          ctx.linkUrl,
        );
        Object.assign(n, {
          subject: preview.subject,
          bodyText: preview.text,
          bodyHtml: preview.html,
          language: n.language ?? preview.language,
        });
        rendering = 'preview';
      }
    }
    await this.audit.record(actor, {
      schoolId,
      action: 'notification.read',
      entityType: 'notification',
      entityId: id,
      details: { parentId: n.parentId, kind: n.kind, rendering },
    });
    return { notification: n, rendering };
  }

  /** A dead or failed message goes back in the queue, due now, with a fresh count of attempts. */
  async retry(actor: Actor, schoolId: string, id: string): Promise<Notification> {
    return this.dataSource.transaction(async (m) => {
      const n = await this.lock(m, schoolId, id);
      if (n.status !== 'dead' && n.status !== 'failed')
        throw new ConflictError(
          'notification.not_retryable',
          `Only a failed or dead message can be retried; this one is ${n.status}.`,
          { currentStatus: n.status },
        );
      await m.query(
        `UPDATE notification SET status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = NULL, updated_at = now() WHERE id = $1`,
        [id],
      );
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'notification.retry',
          entityType: 'notification',
          entityId: id,
          details: { from: n.status, attempts: n.attempts },
        },
        m,
      );
      return m.findOneByOrFail(Notification, { id });
    });
  }

  async openTasks(
    schoolId: string,
    page: number,
    pageSize: number,
  ): Promise<{ items: OpenTask[]; total: number }> {
    await this.closeAnsweredTasks(schoolId);
    const [rows, total] = await this.dataSource.getRepository(Notification).findAndCount({
      where: { schoolId, status: 'task', taskDoneAt: IsNull(), parentId: Not(IsNull()) },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const parentIds = [
      ...new Set(rows.map((n) => n.parentId).filter((id): id is string => id !== null)),
    ];
    const parents = parentIds.length
      ? await this.dataSource.getRepository(Parent).find({
          select: ['id', 'givenName', 'familyName'],
          where: { id: In(parentIds), schoolId },
        })
      : [];
    const names = new Map(parents.map((p) => [p.id, fullName(p)]));
    return {
      items: rows.map((notification) => ({
        notification,
        parentName: (notification.parentId && names.get(notification.parentId)) || null,
      })),
      total,
    };
  }

  /** Closes a task, with how it ended when the consultant says so; a closed task stays closed. */
  async markTaskDone(
    actor: Actor,
    schoolId: string,
    id: string,
    outcome?: TaskOutcome,
  ): Promise<Notification> {
    return this.dataSource.transaction(async (m) => {
      const n = await this.lock(m, schoolId, id);
      if (n.status !== 'task') throw new NotFoundError('Task');
      if (n.taskDoneAt) return n;
      await m.update(
        Notification,
        { id },
        { taskDoneAt: new Date(), taskOutcome: outcome ?? null },
      );
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'notification.task_done',
          entityType: 'notification',
          entityId: id,
          details: { parentId: n.parentId, kind: n.kind, ...(outcome ? { outcome } : {}) },
        },
        m,
      );
      return m.findOneByOrFail(Notification, { id });
    });
  }

  /** One task with its parent (404 when it is not a task of this school or the parent is gone). */
  async task(schoolId: string, id: string): Promise<StaffTask> {
    const n = await this.find(schoolId, id);
    if (n.status !== 'task' || !n.parentId) throw new NotFoundError('Task');
    const parent = await this.dataSource
      .getRepository(Parent)
      .findOne({ select: TASK_PARENT_FIELDS, where: { id: n.parentId, schoolId } });
    if (!parent) throw new NotFoundError('Task');
    return { notification: n, parent };
  }

  /**
   * Closes open tasks whose question was answered another way or is no longer open; each is
   * written to the audit log as done by the system. Returns how many closed.
   */
  async closeAnsweredTasks(schoolId: string): Promise<number> {
    const [rows]: [
      { id: string; parent_id: string | null; kind: string; outcome: string }[],
      number,
    ] = await this.dataSource.query(CLOSE_ANSWERED_SQL, [
      schoolId,
      ANSWER_KINDS.match,
      ANSWER_KINDS.signUp,
    ]);
    await this.audit.recordMany(
      SYSTEM,
      rows.map((r) => ({
        schoolId,
        action: 'notification.task_done',
        entityType: 'notification',
        entityId: r.id,
        details: { parentId: r.parent_id, kind: r.kind, outcome: r.outcome },
      })),
    );
    return rows.length;
  }

  /**
   * The consultant's open tasks, in two lists (calls, letters), each oldest first and paged,
   * with what she needs to reach the parent. Tasks answered another way close first. Reading
   * the lists is audited (they show phone numbers), like the list of parents.
   */
  async tasksForStaff(
    actor: Actor,
    schoolId: string,
    pages: Record<TaskGroup, number>,
    pageSize: number,
  ): Promise<Record<TaskGroup, { items: StaffTask[]; total: number }>> {
    await this.closeAnsweredTasks(schoolId);
    const group = async (g: TaskGroup): Promise<[Notification[], number]> =>
      this.dataSource
        .getRepository(Notification)
        .createQueryBuilder('n')
        .innerJoin(Parent, 'p', 'p.id = n.parent_id AND p.school_id = n.school_id')
        .where('n.school_id = :schoolId', { schoolId })
        .andWhere(`n.status = 'task' AND n.task_done_at IS NULL AND p.erased_at IS NULL`)
        .andWhere(g === 'letter' ? LETTER_GROUP_SQL : `NOT ${LETTER_GROUP_SQL}`)
        .orderBy('n.createdAt', 'ASC')
        .addOrderBy('n.id', 'ASC')
        .offset((pages[g] - 1) * pageSize)
        .limit(pageSize)
        .getManyAndCount();
    const [[calls, callTotal], [letters, letterTotal]] = await Promise.all([
      group('call'),
      group('letter'),
    ]);
    await this.refs.resolve([...calls, ...letters]);
    const parentIds = [...new Set([...calls, ...letters].map((n) => n.parentId!))];
    const parents = parentIds.length
      ? await this.dataSource
          .getRepository(Parent)
          .find({ select: TASK_PARENT_FIELDS, where: { id: In(parentIds), schoolId } })
      : [];
    const byId = new Map(parents.map((p) => [p.id, p]));
    const items = (rows: Notification[]): StaffTask[] =>
      rows
        .filter((n) => byId.has(n.parentId!))
        .map((notification) => ({ notification, parent: byId.get(notification.parentId!)! }));
    if (parentIds.length)
      await this.audit.record(actor, {
        schoolId,
        action: 'notification.task_list',
        entityType: 'notification',
        details: {
          callPage: pages.call,
          letterPage: pages.letter,
          count: calls.length + letters.length,
          parentIds,
        },
      });
    return {
      call: { items: items(calls), total: callTotal },
      letter: { items: items(letters), total: letterTotal },
    };
  }

  /** The school as messages name it (for rendering a task's text on a page). */
  async messageSchool(schoolId: string): Promise<MessageSchool> {
    return schoolOf(await this.dataSource.getRepository(School).findOneByOrFail({ id: schoolId }));
  }

  /** Names of parents of one school, for lists of messages (one query). */
  async parentNames(schoolId: string, ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (!wanted.length) return new Map();
    const parents = await this.dataSource.getRepository(Parent).find({
      select: ['id', 'givenName', 'familyName', 'erasedAt'],
      where: { id: In(wanted), schoolId },
    });
    return new Map(parents.filter((p) => !p.erasedAt).map((p) => [p.id, fullName(p)]));
  }

  /**
   * The printable letter (parent's language and Dutch), with a QR code and a short code for
   * a letter that asks something; reading it is audited.
   */
  async letter(actor: Actor, schoolId: string, id: string): Promise<string> {
    const n = await this.find(schoolId, id);
    const ctx = await this.context(n);
    if (!ctx)
      throw new DomainError(
        'gone',
        'notification.parent_removed',
        'The parent of this message was removed.',
      );
    const answer = await this.answerFor(n, ctx.linkUrl);
    const page = this.printed.letter(
      n.kind,
      n.payload,
      recipientOf(ctx.parent),
      schoolOf(ctx.school),
      ctx.linkUrl,
      new Date(),
      answer,
    );
    await this.audit.record(actor, {
      schoolId,
      action: 'notification.letter',
      entityType: 'notification',
      entityId: id,
      details: { parentId: n.parentId, kind: n.kind },
    });
    return page;
  }

  /**
   * Letters of tasks, ready to print: the given tasks, or (without ids) a page of the open
   * letters. Each printed letter is written to the audit log.
   */
  async printableLetters(
    actor: Actor,
    schoolId: string,
    select: { ids: string[] } | { openLetters: { page: number; pageSize: number } },
  ): Promise<{ letters: PrintableLetter[]; total: number }> {
    let rows: Notification[];
    let total: number;
    if ('ids' in select) {
      rows = select.ids.length
        ? await this.dataSource
            .getRepository(Notification)
            .find({ where: { id: In(select.ids), schoolId, status: 'task' } })
        : [];
      if (rows.length !== new Set(select.ids).size) throw new NotFoundError('Task');
      total = rows.length;
    } else {
      await this.closeAnsweredTasks(schoolId);
      const { page, pageSize } = select.openLetters;
      [rows, total] = await this.dataSource
        .getRepository(Notification)
        .createQueryBuilder('n')
        .innerJoin(Parent, 'p', 'p.id = n.parent_id AND p.school_id = n.school_id')
        .where('n.school_id = :schoolId', { schoolId })
        .andWhere(`n.status = 'task' AND n.task_done_at IS NULL AND p.erased_at IS NULL`)
        .andWhere(LETTER_GROUP_SQL)
        .orderBy('n.createdAt', 'ASC')
        .addOrderBy('n.id', 'ASC')
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .getManyAndCount();
    }
    await this.refs.resolve(rows);
    const parentIds = [...new Set(rows.map((n) => n.parentId).filter((x): x is string => !!x))];
    const [parents, school] = await Promise.all([
      parentIds.length
        ? this.dataSource.getRepository(Parent).find({ where: { id: In(parentIds), schoolId } })
        : Promise.resolve([]),
      this.dataSource.getRepository(School).findOneByOrFail({ id: schoolId }),
    ]);
    const byId = new Map(parents.filter((p) => !p.erasedAt).map((p) => [p.id, p]));
    const printable = rows.filter((n) => n.parentId && byId.has(n.parentId));
    if ('ids' in select && printable.length !== rows.length)
      throw new DomainError(
        'gone',
        'notification.parent_removed',
        'The parent of this message was removed.',
      );
    const codes = await this.codes.codesFor(
      printable.filter((n) => n.linkId && MESSAGE_KINDS[n.kind]?.asks).map((n) => n.linkId!),
    );
    const today = new Date();
    const letters: PrintableLetter[] = [];
    for (const n of printable) {
      const linkUrl = n.linkId ? this.links.url(n.linkId) : this.config.publicBaseUrl;
      const code = n.linkId ? codes.get(n.linkId) : undefined;
      const answer = code
        ? { code, qrSvg: await qrSvg(linkUrl), site: this.codes.entryAddress() }
        : undefined;
      const letter = this.printed.letterSections(
        n.kind,
        n.payload,
        recipientOf(byId.get(n.parentId!)!),
        schoolOf(school),
        linkUrl,
        today,
        answer,
      );
      letters.push({ notificationId: n.id, ...letter });
    }
    await this.audit.recordMany(
      actor,
      letters.map((l) => {
        const n = printable.find((x) => x.id === l.notificationId)!;
        return {
          schoolId,
          action: 'notification.letter',
          entityType: 'notification',
          entityId: n.id,
          details: { parentId: n.parentId, kind: n.kind },
        };
      }),
    );
    return { letters, total };
  }

  /** The QR code and short code of a message that asks something (none for plain information). */
  private async answerFor(n: Notification, linkUrl: string): Promise<LetterAnswer | undefined> {
    if (!n.linkId || !MESSAGE_KINDS[n.kind]?.asks) return undefined;
    const code = await this.codes.codeFor(n.linkId);
    if (!code) return undefined;
    return { code, qrSvg: await qrSvg(linkUrl), site: this.codes.entryAddress() };
  }

  private async find(schoolId: string, id: string): Promise<Notification> {
    const n = await this.dataSource.getRepository(Notification).findOneBy({ id, schoolId });
    if (!n) throw new NotFoundError('Notification');
    await this.refs.resolve([n]);
    return n;
  }

  private async lock(m: EntityManager, schoolId: string, id: string): Promise<Notification> {
    const n = await m
      .getRepository(Notification)
      .findOne({ where: { id, schoolId }, lock: { mode: 'pessimistic_write' } });
    if (!n) throw new NotFoundError('Notification');
    return n;
  }

  private async context(
    n: Notification,
  ): Promise<{ parent: Parent; school: School; linkUrl: string } | null> {
    if (!n.parentId) return null;
    const [parent, school] = await Promise.all([
      this.dataSource.getRepository(Parent).findOneBy({ id: n.parentId, schoolId: n.schoolId }),
      this.dataSource.getRepository(School).findOneBy({ id: n.schoolId }),
    ]);
    if (!parent || !school || parent.erasedAt) return null;
    return {
      parent,
      school,
      linkUrl: n.linkId ? this.links.url(n.linkId) : this.config.publicBaseUrl,
    };
  }
}

const TASK_PARENT_FIELDS: (keyof Parent)[] = [
  'id',
  'children',
  'givenName',
  'familyName',
  'phone',
  'email',
  'channels',
  'consents',
  'prefersSpoken',
  'messageLanguage',
  'languages',
];

function fullName(p: Pick<Parent, 'givenName' | 'familyName'>): string {
  return [p.givenName, p.familyName].filter(Boolean).join(' ');
}

/** The QR code of a link as inline SVG: prints sharp, needs no script or image request. */
function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
