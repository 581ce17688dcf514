import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors/domain-error';
import { currentSchoolYear } from '../parents/parents.service';
import { SENSITIVE_SITUATIONS } from '../taxonomy/taxonomy';
import { ActivitiesRepository } from './activities.repository';
import { Activity } from './activity.entity';
import { ActivityMessages } from './activity-messages';
import { Clock } from './clock';
import { placesLeft } from './dto/activity-output.dto';
import { AudienceKind, InvitationResultDto, InviteDto } from './dto/invitation.dto';

/** The filter field each audience needs; any other filter field is refused. */
const FILTER_FIELDS = ['schoolYears', 'languages', 'situations', 'parentIds'] as const;
type FilterField = (typeof FILTER_FIELDS)[number];
const AUDIENCE_PARAM: Record<AudienceKind, FilterField | null> = {
  all: null,
  new_parents: null,
  school_year: 'schoolYears',
  language: 'languages',
  situation: 'situations',
  buddy_pairs: null,
  parents: 'parentIds',
};

interface Candidate {
  id: string;
  given_name: string;
  family_name: string | null;
  message_language: string;
  channels: string[];
  consent: boolean;
  stopped: boolean;
  /** Invited to this activity before. */
  invited: boolean;
}

/** The activity was cancelled or changed while an invitation was being written. */
class ActivityChangedMeanwhile extends Error {}

/** Why a parent in the audience gets no invitation now. */
export type NotInvitedReason = 'no_consent' | 'messages_stopped' | 'already_invited';

interface Plan {
  /** Parents in the audience (with buddies), as found in the school. */
  audienceSize: number;
  result: InvitationResultDto;
  toInvite: { candidate: Candidate; buddy?: Candidate }[];
  notInvited: { candidate: Candidate; reason: NotInvitedReason }[];
}

/** What inviting would do now; nobody is invited. */
export interface InvitationPreview extends InvitationResultDto {
  /** Parents in the audience (with buddies, when asked). */
  audience: number;
  /** Who would not be invited and why (the first ones, by name). */
  notInvited: {
    parentId: string;
    givenName: string;
    familyName: string | null;
    reason: NotInvitedReason;
  }[];
  /** How many would not be invited in all. */
  notInvitedTotal: number;
}

/** Takes back what the plan counted for a parent after all not invited. */
function uncount(result: InvitationResultDto, c: Candidate, buddy?: Candidate): void {
  result.invited--;
  if (buddy) result.withBuddy--;
  result.byLanguage[c.message_language]--;
  if (!result.byLanguage[c.message_language]) delete result.byLanguage[c.message_language];
  const channel = c.channels[0] ?? 'in_person';
  result.byChannel[channel]--;
  if (!result.byChannel[channel]) delete result.byChannel[channel];
}

/**
 * Invites an audience to an activity: each parent once per activity, in their own language
 * (rendered at delivery) and through their own channel. Why a parent was in the audience
 * (a situation, a language) is used for the selection only: it is not stored with the
 * invitation, not put in the message and not in the response.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly activities: ActivitiesRepository,
    private readonly messages: ActivityMessages,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async invite(
    actor: Actor,
    schoolId: string,
    activityId: string,
    dto: InviteDto,
  ): Promise<InvitationResultDto> {
    checkFilters(dto);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((m) =>
          this.inviteOnce(m, actor, schoolId, activityId, dto),
        );
      } catch (err) {
        // The activity changed while the invitations were written: do it again on the new
        // state (which refuses a cancelled activity).
        if (!(err instanceof ActivityChangedMeanwhile) || attempt >= 3) throw err;
      }
    }
  }

  /**
   * One attempt, set-based: the invitations in one statement, their links and messages in
   * three more (whatever the audience size), the audit entry in one. The activity row is
   * not locked while they are written (the invitations' foreign key takes only a key-share
   * lock, which sign-ups do not wait for); it is locked at the very end, to check that it
   * is still as read (not cancelled or changed meanwhile), and stays locked only until the
   * commit a moment later. A cancellation or change that comes after that lock waits for
   * the commit and sees every invitation.
   */
  private async inviteOnce(
    m: EntityManager,
    actor: Actor,
    schoolId: string,
    activityId: string,
    dto: InviteDto,
  ): Promise<InvitationResultDto> {
    const a = await this.activities.findInSchool(schoolId, activityId, m);
    if (!a) throw new NotFoundError('Activity');
    this.assertOpen(a);
    await assertBuddiesMayCome(m, activityId, dto);
    const plan = await this.plan(m, schoolId, activityId, dto);
    const result = plan.result;
    const ref = this.messages.ref(a);
    const left = placesLeft(a);
    const inserted = new Set(
      (
        await m.query<{ parent_id: string }[]>(
          `INSERT INTO activity_invitation (activity_id, parent_id, school_id, with_buddy_id, invited_by)
           SELECT $1, t.parent_id, $2, t.buddy_id, $3
             FROM unnest($4::uuid[], $5::uuid[]) AS t(parent_id, buddy_id)
           ON CONFLICT DO NOTHING RETURNING parent_id`,
          [
            activityId,
            schoolId,
            actor.staffId,
            plan.toInvite.map(({ candidate }) => candidate.id),
            plan.toInvite.map(({ buddy }) => buddy?.id ?? null),
          ],
        )
      ).map((r) => r.parent_id),
    );
    const invited = plan.toInvite.filter(({ candidate: c, buddy }) => {
      if (inserted.has(c.id)) return true;
      // Invited by a concurrent invitation just now; counted as the plan would have.
      uncount(result, c, buddy);
      result.alreadyInvited++;
      return false;
    });
    await this.messages.sendMany(
      m,
      a,
      'activity_invitation',
      invited.map(({ candidate: c, buddy }) => ({
        parentId: c.id,
        payload: {
          ...ref,
          placesLeft: left,
          ...(buddy ? { buddyParentId: buddy.id } : {}),
        },
      })),
    );
    await this.audit.record(
      actor,
      {
        schoolId,
        action: 'activity.invite',
        entityType: 'activity',
        entityId: activityId,
        details: {
          audience: dto.audience,
          withBuddies: dto.withBuddies ?? false,
          invited: result.invited,
          ids: invited.map(({ candidate: c }) => c.id),
        },
      },
      m,
    );
    const now = await this.activities.lockInSchool(m, schoolId, activityId);
    if (!now || now.version !== a.version || now.status !== a.status)
      throw new ActivityChangedMeanwhile();
    if (sensitiveAudience(dto))
      await m.query(`UPDATE activity SET sensitive_audience = true WHERE id = $1`, [activityId]);
    return result;
  }

  /**
   * What `invite` would do now, without inviting anyone (the preview before sending): the
   * same selection and the same rules, plus who in the audience would not be invited and
   * why (by name, the first `listLimit`). Refused in the same cases as `invite`.
   */
  async preview(
    actor: Actor,
    schoolId: string,
    activityId: string,
    dto: InviteDto,
    listLimit = 200,
  ): Promise<InvitationPreview> {
    checkFilters(dto);
    const m = this.dataSource.manager;
    const a = await this.activities.findInSchool(schoolId, activityId, m);
    if (!a) throw new NotFoundError('Activity');
    this.assertOpen(a);
    await assertBuddiesMayCome(m, activityId, dto);
    const plan = await this.plan(m, schoolId, activityId, dto);
    const notInvited = plan.notInvited.slice(0, listLimit).map(({ candidate: c, reason }) => ({
      parentId: c.id,
      givenName: c.given_name,
      familyName: c.family_name,
      reason,
    }));
    await this.audit.record(actor, {
      schoolId,
      action: 'activity.invite_preview',
      entityType: 'activity',
      entityId: activityId,
      details: {
        audience: dto.audience,
        withBuddies: dto.withBuddies ?? false,
        wouldInvite: plan.result.invited,
        ids: notInvited.map((p) => p.parentId),
      },
    });
    return {
      ...plan.result,
      audience: plan.audienceSize,
      notInvited,
      notInvitedTotal: plan.notInvited.length,
    };
  }

  private assertOpen(a: Activity): void {
    if (a.status === 'cancelled')
      throw new ConflictError(
        'activity.cancelled',
        'This activity is cancelled; nobody can be invited.',
      );
    if (a.startsAt <= this.clock.now())
      throw new ConflictError(
        'activity.past',
        'This activity has already started; nobody can be invited.',
      );
  }

  /**
   * The one selection both `invite` and `preview` use: the audience (with buddies), then
   * each parent either to invite or not, with the reason: no consent for activity
   * invitations, activity messages stopped, or invited to this activity before.
   */
  private async plan(
    m: EntityManager,
    schoolId: string,
    activityId: string,
    dto: InviteDto,
  ): Promise<Plan> {
    const audience = await this.audienceIds(m, schoolId, dto);
    const pairs =
      dto.audience === 'buddy_pairs' || dto.withBuddies
        ? await this.buddiesOf(m, schoolId, audience)
        : new Map<string, string>();
    const ids = new Set(audience);
    for (const [parentId, buddyId] of [...pairs]) {
      ids.add(buddyId);
      // The buddy who comes along is told who they come with, too.
      if (!pairs.has(buddyId)) pairs.set(buddyId, parentId);
    }
    const candidates: Candidate[] = await m.query(
      `SELECT p.id, p.given_name, p.family_name, p.message_language, p.channels,
              coalesce((p.consents->'activities'->>'granted')::boolean, false) AS consent,
              (p.messages_stopped OR 'activities' = ANY(p.stopped_topics)) AS stopped,
              EXISTS (SELECT 1 FROM activity_invitation i WHERE i.activity_id = $3 AND i.parent_id = p.id) AS invited
         FROM parent p WHERE p.school_id = $1 AND p.id = ANY($2::uuid[]) AND p.erased_at IS NULL
        ORDER BY p.given_name, p.id`,
      [schoolId, [...ids], activityId],
    );
    const result: InvitationResultDto = {
      invited: 0,
      alreadyInvited: 0,
      skipped: { noConsent: 0, messagesStopped: 0 },
      byLanguage: {},
      byChannel: {},
      withBuddy: 0,
    };
    const eligible = new Map<string, Candidate>();
    const notInvited: Plan['notInvited'] = [];
    for (const c of candidates) {
      if (!c.consent) {
        result.skipped.noConsent++;
        notInvited.push({ candidate: c, reason: 'no_consent' });
      } else if (c.stopped) {
        result.skipped.messagesStopped++;
        notInvited.push({ candidate: c, reason: 'messages_stopped' });
      } else eligible.set(c.id, c);
    }
    const toInvite: Plan['toInvite'] = [];
    for (const c of eligible.values()) {
      if (c.invited) {
        result.alreadyInvited++;
        notInvited.push({ candidate: c, reason: 'already_invited' });
        continue;
      }
      const buddyId = pairs.get(c.id);
      const buddy = buddyId ? eligible.get(buddyId) : undefined;
      toInvite.push({ candidate: c, buddy });
      result.invited++;
      if (buddy) result.withBuddy++;
      result.byLanguage[c.message_language] = (result.byLanguage[c.message_language] ?? 0) + 1;
      const channel = c.channels[0] ?? 'in_person';
      result.byChannel[channel] = (result.byChannel[channel] ?? 0) + 1;
    }
    return { audienceSize: candidates.length, result, toInvite, notInvited };
  }

  private async audienceIds(m: EntityManager, schoolId: string, dto: InviteDto): Promise<string[]> {
    const base = `SELECT p.id FROM parent p WHERE p.school_id = $1 AND p.erased_at IS NULL AND p.status <> 'left'`;
    const ids = async (sql: string, params: unknown[] = []): Promise<string[]> =>
      (await m.query<{ id: string }[]>(`${base} ${sql}`, [schoolId, ...params])).map((r) => r.id);
    switch (dto.audience) {
      case 'all':
        return ids('');
      case 'new_parents':
        return ids(
          `AND (p.at_school_since >= $2 OR p.situations @> '[{"code": "new_to_school"}]')`,
          [currentSchoolYear(this.clock.now())],
        );
      case 'school_year':
        return ids(
          `AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.children) c WHERE c->>'schoolYear' = ANY($2))`,
          [dto.schoolYears],
        );
      case 'language':
        return ids(
          `AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.languages) l WHERE l->>'code' = ANY($2))`,
          [dto.languages],
        );
      case 'situation':
        return ids(
          `AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.situations) s WHERE s->>'code' = ANY($2))`,
          [dto.situations],
        );
      case 'buddy_pairs':
        return [...(await this.activePairs(m, schoolId)).keys()];
      case 'parents': {
        const wanted = (dto.parentIds ?? []).map((id) => id.toLowerCase());
        const found = await this.activities.parentsOfSchool(m, schoolId, wanted);
        const unknown = wanted.filter((id) => !found.has(id));
        if (unknown.length)
          throw new ValidationError(
            'invitation.unknown_parent',
            `parentIds must be parents of this school (unknown: ${unknown.join(', ')}).`,
            [{ field: 'parentIds', messages: ['parentIds must be parents of this school'] }],
          );
        return wanted;
      }
    }
  }

  /** parent id → buddy id, for the given parents that are in an active pair within the school. */
  private async buddiesOf(
    m: EntityManager,
    schoolId: string,
    parentIds: string[],
  ): Promise<Map<string, string>> {
    const all = await this.activePairs(m, schoolId);
    const wanted = new Set(parentIds);
    return new Map([...all].filter(([id]) => wanted.has(id)));
  }

  /** Both directions of every active buddy pair whose parents are both of this school. */
  private async activePairs(m: EntityManager, schoolId: string): Promise<Map<string, string>> {
    const [{ present }]: { present: boolean }[] = await m.query(
      `SELECT to_regclass('public.match') IS NOT NULL AS present`,
    );
    if (!present) return new Map();
    const rows: { seeker_id: string; buddy_id: string }[] = await m.query(
      `SELECT mt.seeker_id, mt.buddy_id FROM match mt
         JOIN parent s ON s.id = mt.seeker_id AND s.school_id = $1 AND s.erased_at IS NULL
         JOIN parent b ON b.id = mt.buddy_id AND b.school_id = $1 AND b.erased_at IS NULL
        WHERE mt.status = 'active'
        ORDER BY mt.activated_at NULLS LAST, mt.id`,
      [schoolId],
    );
    const pairs = new Map<string, string>();
    for (const r of rows) {
      // A buddy with several seekers comes with the first; each seeker with their own buddy.
      if (!pairs.has(r.seeker_id)) pairs.set(r.seeker_id, r.buddy_id);
      if (!pairs.has(r.buddy_id)) pairs.set(r.buddy_id, r.seeker_id);
    }
    return pairs;
  }
}

/** An audience chosen by a sensitive situation (health, origin, family life). */
function sensitiveAudience(dto: InviteDto): boolean {
  return (
    dto.audience === 'situation' &&
    (dto.situations ?? []).some((code) => SENSITIVE_SITUATIONS.includes(code))
  );
}

function sensitiveWithBuddies(): ValidationError {
  return new ValidationError(
    'invitation.sensitive_with_buddies',
    'Parents invited for a sensitive situation cannot be invited with their buddies: the buddy would learn why they were invited. Invite them without buddies.',
    [
      {
        field: 'withBuddies',
        messages: ['withBuddies is not allowed for an audience by a sensitive situation'],
      },
    ],
  );
}

/**
 * Who is invited for a sensitive situation must not be revealed to anyone else: a buddy
 * invited along would be told who they come with, and to what. So no buddies for such an
 * audience, nor in a later round for an activity once invited that way (its title alone
 * could tell the buddy why their partner is invited).
 */
async function assertBuddiesMayCome(
  m: EntityManager,
  activityId: string,
  dto: InviteDto,
): Promise<void> {
  if (!dto.withBuddies && dto.audience !== 'buddy_pairs') return;
  if (sensitiveAudience(dto)) throw sensitiveWithBuddies();
  const [row] = await m.query<{ sensitive_audience: boolean }[]>(
    `SELECT sensitive_audience FROM activity WHERE id = $1`,
    [activityId],
  );
  if (row?.sensitive_audience) throw sensitiveWithBuddies();
}

function checkFilters(dto: InviteDto): void {
  if (sensitiveAudience(dto) && dto.withBuddies) throw sensitiveWithBuddies();
  const needed = AUDIENCE_PARAM[dto.audience];
  const problems = FILTER_FIELDS.filter((f) => f !== needed && dto[f] !== undefined).map((f) => ({
    field: f,
    messages: [`${f} is not a filter of audience "${dto.audience}"`],
  }));
  if (needed && dto[needed] === undefined)
    problems.push({ field: needed, messages: [`audience "${dto.audience}" needs ${needed}`] });
  if (problems.length)
    throw new ValidationError(
      'invitation.bad_audience',
      `The audience "${dto.audience}" does not fit the filters sent: ${problems.map((p) => p.messages[0]).join('; ')}.`,
      problems,
    );
}
