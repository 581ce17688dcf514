import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RsvpService } from '../activities/rsvp.service';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DomainError, NotFoundError } from '../common/errors/domain-error';
import { I18nService } from '../i18n/i18n.service';
import { isShipped, ShippedLanguage, SOURCE_LANGUAGE } from '../i18n/languages';
import { toParentDto } from '../parents/dto/parent-output.dto';
import { exportSummaryView } from './export-summary.view';
import { Parent } from '../parents/parent.entity';
import { Consents } from '../parents/parent.types';
import { encryptedRecipient } from './encryption/field-encryption';

export interface ParentExport {
  exportedAt: string;
  parent: ReturnType<typeof toParentDto>;
  matches: Record<string, unknown>[];
  messages: Record<string, unknown>[];
  /** Messages to other parents that name this parent (kind, status, dates only). */
  messagesAbout: Record<string, unknown>[];
  activities: Record<string, unknown>[];
  auditLog: Record<string, unknown>[];
}

/**
 * Ids of the messages to anyone that are about a parent (the id as a parameter, e.g. '$1'):
 * naming them by reference, or about a pair with them. Each branch uses its own index.
 */
const ABOUT_PARENT_SQL = (id: string): string => `
  SELECT id FROM notification WHERE payload ? 'otherParentId' AND payload->>'otherParentId' = ${id}::text
  UNION SELECT id FROM notification WHERE payload ? 'buddyParentId' AND payload->>'buddyParentId' = ${id}::text
  UNION SELECT id FROM notification WHERE subject_id IS NOT NULL AND subject_id IN
    (SELECT id FROM match WHERE seeker_id = ${id}::uuid OR buddy_id = ${id}::uuid)`;

/** What an UPDATE … RETURNING answers through EntityManager.query: the rows and their count. */
type UpdateResult = [{ id: string }[], number];

/** Decline reasons that are codes (a parent's answer); anything else was typed by staff. */
const DECLINE_CODES = ['no_time', 'not_now', 'someone_else', 'other'];

/** The rights of access and erasure (AVG articles 15 and 17) for one parent. */
@Injectable()
export class PrivacyService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly rsvps: RsvpService,
    private readonly i18n: I18nService,
  ) {}

  /**
   * Everything stored about one parent, in one document: the record, their pairs with the
   * reasons given, their messages, messages to other parents about them, activities, and
   * every audit entry about them (also those that carry their id only in the details).
   * Other parents appear by first name only; staff by role, not by name.
   */
  async export(actor: Actor, schoolId: string, parentId: string): Promise<ParentExport> {
    const data = await this.collect(schoolId, parentId);
    await this.audit.record(actor, {
      schoolId,
      action: 'parent.export',
      entityType: 'parent',
      entityId: parentId,
    });
    return data;
  }

  /**
   * The same export as a printable page in the parent's own language (what a parent who
   * asked for their data can read), with the JSON beside it for completeness.
   */
  async summary(actor: Actor, schoolId: string, parentId: string): Promise<string> {
    const data = await this.collect(schoolId, parentId);
    const [school] = await this.dataSource.query<{ name: string }[]>(
      `SELECT name FROM school WHERE id = $1`,
      [schoolId],
    );
    const lng: ShippedLanguage = isShipped(data.parent.messageLanguage)
      ? data.parent.messageLanguage
      : SOURCE_LANGUAGE;
    const page = exportSummaryView({
      lang: lng,
      dir: this.i18n.dir(lng),
      t: this.i18n.t(lng, 'pages'),
      situationLabel: (code) => this.i18n.t(lng, 'taxonomy')(`situation.${code}`),
      languageName: (code) => this.i18n.languageName(code, lng),
      schoolName: school?.name ?? '',
      data,
    });
    await this.audit.record(actor, {
      schoolId,
      action: 'parent.export',
      entityType: 'parent',
      entityId: parentId,
      details: { format: 'summary' },
    });
    return page;
  }

  private async collect(schoolId: string, parentId: string): Promise<ParentExport> {
    const parent = await this.dataSource.manager.findOneBy(Parent, { id: parentId, schoolId });
    if (!parent) throw new NotFoundError('Parent');
    const q = <T>(sql: string): Promise<T[]> => this.dataSource.query(sql, [parentId, schoolId]);
    const [matches, messages, messagesAbout, activities, auditLog] = await Promise.all([
      q<Record<string, unknown> & { reasons: { staffOnly?: boolean }[] }>(
        `SELECT m.id, CASE WHEN m.seeker_id = $1 THEN 'seeker' ELSE 'buddy' END AS role,
                o.given_name AS other_parent_first_name, m.status, m.score, m.reasons, m.seeker_response, m.buddy_response, m.decline_reason,
                m.created_at, m.approved_at, m.activated_at, m.ended_at, m.end_reason, m.check_ins
           FROM match m JOIN parent o ON o.id = CASE WHEN m.seeker_id = $1 THEN m.buddy_id ELSE m.seeker_id END
          WHERE (m.seeker_id = $1 OR m.buddy_id = $1) AND m.school_id = $2 ORDER BY m.created_at`,
      ),
      q<Record<string, unknown>>(
        `SELECT id, kind, status, channel, language, recipient, subject, body_text, attempts, created_at, sent_at
           FROM notification WHERE parent_id = $1 AND school_id = $2 ORDER BY created_at`,
      ),
      // Messages to other parents that name them (a buddy's introduction, "you are now buddies"):
      // what was sent and when, not the other parent's address or text.
      q<Record<string, unknown>>(
        `SELECT n.id, n.kind, n.status, n.created_at, n.sent_at
           FROM notification n
          WHERE n.school_id = $2 AND n.parent_id IS DISTINCT FROM $1::uuid
            AND n.id IN (${ABOUT_PARENT_SQL('$1')})
          ORDER BY n.created_at`,
      ),
      q<Record<string, unknown>>(
        `SELECT a.id, a.title, a.starts_at, r.status AS sign_up, r.signed_up_at,
                EXISTS (SELECT 1 FROM activity_invitation i WHERE i.activity_id = a.id AND i.parent_id = $1) AS invited,
                EXISTS (SELECT 1 FROM activity_attendance t WHERE t.activity_id = a.id AND t.parent_id = $1) AS attended
           FROM activity a LEFT JOIN activity_rsvp r ON r.activity_id = a.id AND r.parent_id = $1
          WHERE a.school_id = $2 AND (r.parent_id IS NOT NULL
             OR EXISTS (SELECT 1 FROM activity_invitation i WHERE i.activity_id = a.id AND i.parent_id = $1)
             OR EXISTS (SELECT 1 FROM activity_attendance t WHERE t.activity_id = a.id AND t.parent_id = $1))
          ORDER BY a.starts_at`,
      ),
      // Every entry about them: on their record, by them (through their link), on their pairs
      // and messages, and any entry that names their id in its details (a list, a task).
      q<Record<string, unknown>>(
        `SELECT a.at, a.action, a.actor_type AS "actorType", a.entity_type AS "entityType",
                a.entity_id AS "entityId", a.details
           FROM audit_log a
          WHERE a.school_id = $2 AND a.id IN (
                SELECT id FROM audit_log WHERE school_id = $2 AND entity_id = $1::text
                UNION SELECT id FROM audit_log WHERE school_id = $2 AND actor_id = $1::text AND actor_type = 'parent'
                UNION SELECT id FROM audit_log
                       WHERE details IS NOT NULL AND audit_detail_ids(details) @> ARRAY[$1::text]
                UNION SELECT id FROM audit_log WHERE school_id = $2 AND entity_id IN
                       (SELECT id::text FROM match WHERE seeker_id = $1::uuid OR buddy_id = $1::uuid)
                UNION SELECT id FROM audit_log WHERE school_id = $2 AND entity_id IN
                       (SELECT id::text FROM notification WHERE parent_id = $1::uuid))
          ORDER BY a.id`,
      ),
    ]);
    return {
      exportedAt: new Date().toISOString(),
      parent: toParentDto(parent),
      // Reasons as the parents were told them (staff-only reasons name the other parent's facts).
      matches: matches.map((m) => ({
        ...m,
        reasons: (m.reasons ?? []).filter((r) => !r.staffOnly),
      })),
      // The address a message went to is stored encrypted (PRIVACY.md, "Encryption at rest").
      messages: messages.map((n) => ({ ...n, recipient: encryptedRecipient.from(n.recipient) })),
      messagesAbout,
      activities,
      auditLog,
    };
  }

  /**
   * Erases a parent's personal data. What remains is an anonymous shell (status left) so
   * that the school's figures stay right: no name, contact, children, situations or notes.
   * Open pairs end, sign-ups are cancelled (the waitlist moves up), and every trace of her
   * in other places goes too (see scrubTraces): other parents' messages about her, queued
   * work for either side, consultant tasks, outbox files.
   */
  async erase(actor: Actor, schoolId: string, parentId: string): Promise<{ erasedAt: string }> {
    const existing = await this.dataSource.manager.findOneBy(Parent, { id: parentId, schoolId });
    if (!existing) throw new NotFoundError('Parent');
    if (existing.erasedAt)
      throw new DomainError('gone', 'parent.erased', 'This parent was erased already.');
    await this.cancelSignUps(actor, schoolId, parentId);
    const erasedAt = new Date();
    const files = await this.dataSource.transaction(async (m) => {
      const now = erasedAt.toISOString();
      const withdrawn: Consents = Object.fromEntries(
        Object.keys(existing.consents).map((k) => [
          k,
          { granted: false, at: now, method: 'in_person', recordedBy: actor.staffId },
        ]),
      );
      const ids = await this.scrubTraces(m, schoolId, parentId);
      await m.update(
        Parent,
        { id: parentId, schoolId },
        {
          givenName: '—',
          familyName: null,
          externalRef: null,
          children: [],
          languages: existing.languages,
          situations: [],
          skills: [],
          interests: [],
          availability: [],
          postcodeArea: null,
          channels: [],
          email: null,
          phone: null,
          consents: withdrawn,
          intakeNote: null,
          requestedLanguage: null,
          status: 'left',
          waitingSince: null,
          messagesStopped: true,
          stoppedTopics: [],
          erasedAt,
          version: existing.version + 1,
        },
      );
      await this.clearLookupHashes(m, parentId);
      await m.query(
        `UPDATE match SET status = CASE WHEN status IN ('approved', 'active') THEN 'ended' ELSE 'superseded' END,
                ended_at = CASE WHEN status IN ('approved', 'active') THEN now() ELSE ended_at END,
                end_reason = CASE WHEN status IN ('approved', 'active') THEN 'erased' ELSE end_reason END, updated_at = now()
          WHERE (seeker_id = $1 OR buddy_id = $1) AND status IN ('proposed', 'approved', 'active')`,
        [parentId],
      );
      // What stays of her pairs are the facts the figures count (status, dates, outcome codes):
      // the reasons (shared language, postcode area, situations) and a typed reject note go.
      await m.query(
        `UPDATE match SET reasons = '[]',
                decline_reason = CASE WHEN decline_reason = ANY($2) THEN decline_reason ELSE NULL END
          WHERE seeker_id = $1 OR buddy_id = $1`,
        [parentId, DECLINE_CODES],
      );
      await m.query(`DELETE FROM match_rule WHERE seeker_id = $1 OR buddy_id = $1`, [parentId]);
      await this.audit.record(
        actor,
        { schoolId, action: 'parent.erase', entityType: 'parent', entityId: parentId },
        m,
      );
      return ids;
    });
    await this.removeOutboxFiles(files);
    return { erasedAt: erasedAt.toISOString() };
  }

  /**
   * `DELETE` of a parent (entered by mistake, a duplicate): everything erasure removes, and
   * then the record itself with what hangs on it (pairs, sign-ups, links).
   */
  async remove(actor: Actor, schoolId: string, parentId: string): Promise<void> {
    const existing = await this.dataSource.manager.findOneBy(Parent, { id: parentId, schoolId });
    if (!existing) throw new NotFoundError('Parent');
    if (!existing.erasedAt) await this.cancelSignUps(actor, schoolId, parentId);
    const files = await this.dataSource.transaction(async (m) => {
      const ids = await this.scrubTraces(m, schoolId, parentId, 'parent removed');
      await m.delete(Parent, { id: parentId, schoolId });
      await this.audit.record(
        actor,
        { schoolId, action: 'parent.delete', entityType: 'parent', entityId: parentId },
        m,
      );
      return ids;
    });
    await this.removeOutboxFiles(files);
  }

  /** Sign-ups for coming activities are cancelled, so the waitlist moves up. */
  private async cancelSignUps(actor: Actor, schoolId: string, parentId: string): Promise<void> {
    const signedUp: { activity_id: string }[] = await this.dataSource.query(
      `SELECT activity_id FROM activity_rsvp r JOIN activity a ON a.id = r.activity_id
        WHERE r.parent_id = $1 AND r.status IN ('confirmed', 'waitlisted') AND a.status = 'scheduled' AND a.starts_at > now()`,
      [parentId],
    );
    for (const { activity_id } of signedUp)
      await this.rsvps.cancel(actor, schoolId, activity_id, parentId);
  }

  /**
   * Removes every trace of a parent outside her own record, in the caller's transaction:
   * - her own messages lose recipient, subject, text and payload; unsent ones and open tasks
   *   end (skipped);
   * - other parents' messages about her (an introduction, "you are now buddies" with her
   *   contact details, a reminder, a check-in, an invitation that names her as the buddy who
   *   comes along) lose the text that was rendered and the name or contact in the payload;
   *   queued ones about the pair are cancelled, open consultant tasks about her are closed;
   *   an invitation still waiting goes out without naming her;
   * - her links (and their short codes) are deleted.
   * Returns the ids of the messages whose outbox files must go.
   */
  async scrubTraces(
    m: EntityManager,
    schoolId: string,
    parentId: string,
    why: 'parent erased' | 'parent removed' = 'parent erased',
  ): Promise<string[]> {
    const own = await m.query<UpdateResult>(
      `UPDATE notification SET recipient = NULL, subject = NULL, body_text = NULL, body_html = NULL, payload = '{}',
              last_error = CASE WHEN status IN ('pending', 'failed', 'sending', 'task') THEN $3 ELSE NULL END,
              status = CASE WHEN status IN ('pending', 'failed', 'sending', 'task') THEN 'skipped' ELSE status END,
              updated_at = now()
        WHERE school_id = $1 AND parent_id = $2
      RETURNING id`,
      [schoolId, parentId, why],
    );
    // Messages to other parents about a pair with her, or naming her (by reference or, in
    // rows written before references, by the pair they are about).
    const about = await m.query<UpdateResult>(
      `UPDATE notification n SET subject = NULL, body_text = NULL, body_html = NULL,
              payload = n.payload - 'otherName' - 'contact' - 'buddyName' - 'buddyParentId',
              status = CASE WHEN n.kind <> 'activity_invitation' AND n.status IN ('pending', 'failed', 'sending')
                            THEN 'skipped' ELSE n.status END,
              last_error = CASE WHEN n.kind <> 'activity_invitation' AND n.status IN ('pending', 'failed', 'sending', 'task')
                                THEN 'other parent erased' ELSE n.last_error END,
              task_done_at = CASE WHEN n.status = 'task' THEN coalesce(n.task_done_at, now()) ELSE n.task_done_at END,
              task_outcome = CASE WHEN n.status = 'task' AND n.task_done_at IS NULL THEN 'no_longer_needed' ELSE n.task_outcome END,
              updated_at = now()
        WHERE n.school_id = $1 AND (n.parent_id IS NULL OR n.parent_id <> $2::uuid)
          AND n.id IN (${ABOUT_PARENT_SQL('$2')})
      RETURNING n.id`,
      [schoolId, parentId],
    );
    await m.query(`DELETE FROM parent_link WHERE parent_id = $1`, [parentId]);
    await this.scrubImportReports(m, schoolId, parentId);
    // What she did through her link stays in the audit log (append-only), but not her IP
    // address (the one change the log allows).
    await m.query(
      `UPDATE audit_log SET ip = NULL
        WHERE school_id = $1 AND actor_id = $2::text AND actor_type = 'parent' AND ip IS NOT NULL`,
      [schoolId, parentId],
    );
    return [...own[0], ...about[0]].map((r) => r.id);
  }

  /**
   * The report of a CSV import (kept a day for the workspace) names each row's parent by line
   * and carries the school's own id for them: both go for her rows.
   */
  private async scrubImportReports(
    m: EntityManager,
    schoolId: string,
    parentId: string,
  ): Promise<void> {
    const [{ present }] = await m.query<{ present: boolean }[]>(
      `SELECT to_regclass('import_job') IS NOT NULL AS present`,
    );
    if (!present) return;
    await m.query(
      `UPDATE import_job j
          SET names = CASE WHEN j.names IS NULL THEN NULL ELSE j.names - ARRAY(
                SELECT r->>'line' FROM jsonb_array_elements(j.report->'rows') r WHERE r->>'parentId' = $2) END,
              report = jsonb_set(j.report, '{rows}', (
                SELECT jsonb_agg(CASE WHEN r->>'parentId' = $2 THEN r || '{"externalId": null}' ELSE r END ORDER BY x.ord)
                  FROM jsonb_array_elements(j.report->'rows') WITH ORDINALITY AS x(r, ord))),
              updated_at = now()
        WHERE j.school_id = $1 AND jsonb_typeof(j.report->'rows') = 'array'
          AND strpos(j.report::text, $2) > 0`,
      [schoolId, parentId],
    );
  }

  /** The keyed hashes for looking up by e-mail or phone, where the schema has them. */
  private async clearLookupHashes(m: EntityManager, parentId: string): Promise<void> {
    const cols: { column_name: string }[] = await m.query(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'parent' AND column_name IN ('email_hash', 'phone_hash')`,
    );
    if (!cols.length) return;
    await m.query(
      `UPDATE parent SET ${cols.map((c) => `${c.column_name} = NULL`).join(', ')} WHERE id = $1`,
      [parentId],
    );
  }

  /** The development outbox keeps each sent e-mail and SMS as a file named by the message id. */
  private async removeOutboxFiles(ids: string[]): Promise<void> {
    const dir = this.config.outboxDir;
    await Promise.all(
      ids.flatMap((id) =>
        [
          join(dir, `${id}.eml`),
          join(dir, `${id}.eml.tmp`),
          join(dir, 'sms', `${id}.txt`),
          join(dir, 'sms', `${id}.txt.tmp`),
        ].map((file) => rm(file, { force: true })),
      ),
    );
  }
}
