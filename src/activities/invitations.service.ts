import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors/domain-error';
import { currentSchoolYear } from '../parents/parents.service';
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
    return this.dataSource.transaction(async (m) => {
      const a = await this.activities.lockInSchool(m, schoolId, activityId);
      if (!a) throw new NotFoundError('Activity');
      this.assertOpen(a);
      const plan = await this.plan(m, schoolId, activityId, dto);
      const result = plan.result;
      const ref = this.messages.ref(a);
      const left = placesLeft(a);
      const invitedIds: string[] = [];
      for (const { candidate: c, buddy } of plan.toInvite) {
        const inserted: unknown[] = await m.query(
          `INSERT INTO activity_invitation (activity_id, parent_id, school_id, with_buddy_id, invited_by)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING parent_id`,
          [activityId, c.id, schoolId, buddy?.id ?? null, actor.staffId],
        );
        if (!inserted.length) {
          // Cannot happen while the activity is locked; counted as the plan would have.
          uncount(result, c, buddy);
          result.alreadyInvited++;
          continue;
        }
        await this.messages.send(m, a, c.id, 'activity_invitation', {
          ...ref,
          placesLeft: left,
          ...(buddy ? { buddyName: buddy.given_name } : {}),
        });
        invitedIds.push(c.id);
      }
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
            ids: invitedIds,
          },
        },
        m,
      );
      return result;
    });
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

function checkFilters(dto: InviteDto): void {
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
