import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RsvpService } from '../activities/rsvp.service';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { DomainError, NotFoundError } from '../common/errors/domain-error';
import { toParentDto } from '../parents/dto/parent-output.dto';
import { Parent } from '../parents/parent.entity';
import { Consents } from '../parents/parent.types';

export interface ParentExport {
  exportedAt: string;
  parent: ReturnType<typeof toParentDto>;
  matches: Record<string, unknown>[];
  messages: Record<string, unknown>[];
  activities: Record<string, unknown>[];
  auditLog: Record<string, unknown>[];
}

/** The rights of access and erasure (AVG articles 15 and 17) for one parent. */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly rsvps: RsvpService,
  ) {}

  /** Everything stored about one parent, in one document. Other parents appear by first name only. */
  async export(actor: Actor, schoolId: string, parentId: string): Promise<ParentExport> {
    const parent = await this.dataSource.manager.findOneBy(Parent, { id: parentId, schoolId });
    if (!parent) throw new NotFoundError('Parent');
    const q = <T>(sql: string): Promise<T[]> => this.dataSource.query(sql, [parentId]);
    const matches = await q<Record<string, unknown>>(
      `SELECT m.id, CASE WHEN m.seeker_id = $1 THEN 'seeker' ELSE 'buddy' END AS role,
              o.given_name AS other_parent_first_name, m.status, m.score, m.seeker_response, m.buddy_response, m.decline_reason,
              m.created_at, m.approved_at, m.activated_at, m.ended_at, m.end_reason, m.check_ins
         FROM match m JOIN parent o ON o.id = CASE WHEN m.seeker_id = $1 THEN m.buddy_id ELSE m.seeker_id END
        WHERE m.seeker_id = $1 OR m.buddy_id = $1 ORDER BY m.created_at`,
    );
    const messages = await q<Record<string, unknown>>(
      `SELECT id, kind, status, channel, language, recipient, subject, body_text, attempts, created_at, sent_at
         FROM notification WHERE parent_id = $1 ORDER BY created_at`,
    );
    const activities = await q<Record<string, unknown>>(
      `SELECT a.id, a.title, a.starts_at, r.status AS sign_up, r.signed_up_at,
              EXISTS (SELECT 1 FROM activity_invitation i WHERE i.activity_id = a.id AND i.parent_id = $1) AS invited,
              EXISTS (SELECT 1 FROM activity_attendance t WHERE t.activity_id = a.id AND t.parent_id = $1) AS attended
         FROM activity a LEFT JOIN activity_rsvp r ON r.activity_id = a.id AND r.parent_id = $1
        WHERE r.parent_id IS NOT NULL
           OR EXISTS (SELECT 1 FROM activity_invitation i WHERE i.activity_id = a.id AND i.parent_id = $1)
           OR EXISTS (SELECT 1 FROM activity_attendance t WHERE t.activity_id = a.id AND t.parent_id = $1)
        ORDER BY a.starts_at`,
    );
    const auditLog = (await this.audit.findForEntity(schoolId, 'parent', parentId)).map((e) => ({
      at: e.at,
      action: e.action,
      actorType: e.actorType,
      details: e.details,
    }));
    await this.audit.record(actor, {
      schoolId,
      action: 'parent.export',
      entityType: 'parent',
      entityId: parentId,
    });
    return {
      exportedAt: new Date().toISOString(),
      parent: toParentDto(parent),
      matches,
      messages,
      activities,
      auditLog,
    };
  }

  /**
   * Erases a parent's personal data. What remains is an anonymous shell (status left) so
   * that the school's figures stay right: no name, contact, children, situations or notes.
   * Open pairs end, sign-ups are cancelled (the waitlist moves up), messages are scrubbed.
   */
  async erase(actor: Actor, schoolId: string, parentId: string): Promise<{ erasedAt: string }> {
    const existing = await this.dataSource.manager.findOneBy(Parent, { id: parentId, schoolId });
    if (!existing) throw new NotFoundError('Parent');
    if (existing.erasedAt)
      throw new DomainError('gone', 'parent.erased', 'This parent was erased already.');
    const signedUp: { activity_id: string }[] = await this.dataSource.query(
      `SELECT activity_id FROM activity_rsvp r JOIN activity a ON a.id = r.activity_id
        WHERE r.parent_id = $1 AND r.status IN ('confirmed', 'waitlisted') AND a.status = 'scheduled' AND a.starts_at > now()`,
      [parentId],
    );
    for (const { activity_id } of signedUp)
      await this.rsvps.cancel(actor, schoolId, activity_id, parentId);
    const erasedAt = new Date();
    await this.dataSource.transaction(async (m) => {
      const now = erasedAt.toISOString();
      const withdrawn: Consents = Object.fromEntries(
        Object.keys(existing.consents).map((k) => [
          k,
          { granted: false, at: now, method: 'in_person', recordedBy: actor.staffId },
        ]),
      );
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
          status: 'left',
          waitingSince: null,
          messagesStopped: true,
          stoppedTopics: [],
          erasedAt,
          version: existing.version + 1,
        },
      );
      await m.query(
        `UPDATE match SET status = CASE WHEN status IN ('approved', 'active') THEN 'ended' ELSE 'superseded' END,
                ended_at = CASE WHEN status IN ('approved', 'active') THEN now() ELSE ended_at END,
                end_reason = CASE WHEN status IN ('approved', 'active') THEN 'erased' ELSE end_reason END, updated_at = now()
          WHERE (seeker_id = $1 OR buddy_id = $1) AND status IN ('proposed', 'approved', 'active')`,
        [parentId],
      );
      await m.query(
        `UPDATE notification SET recipient = NULL, subject = NULL, body_text = NULL, body_html = NULL, payload = '{}',
                status = CASE WHEN status IN ('pending', 'failed', 'sending', 'task') THEN 'skipped' ELSE status END,
                last_error = CASE WHEN status IN ('pending', 'failed', 'sending', 'task') THEN 'parent erased' ELSE last_error END, updated_at = now()
          WHERE parent_id = $1`,
        [parentId],
      );
      // Other parents' open tasks about a pair with them have nothing left to ask.
      await m.query(
        `UPDATE notification SET task_done_at = now(), task_outcome = 'no_longer_needed', updated_at = now()
          WHERE status = 'task' AND task_done_at IS NULL AND subject_type = 'match'
            AND subject_id IN (SELECT id FROM match WHERE seeker_id = $1 OR buddy_id = $1)`,
        [parentId],
      );
      await m.query(`DELETE FROM parent_link WHERE parent_id = $1`, [parentId]);
      await m.query(`DELETE FROM match_rule WHERE seeker_id = $1 OR buddy_id = $1`, [parentId]);
      await this.audit.record(
        actor,
        { schoolId, action: 'parent.erase', entityType: 'parent', entityId: parentId },
        m,
      );
    });
    return { erasedAt: erasedAt.toISOString() };
  }
}
