import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, AnyActor } from '../common/auth/actor';
import { ShippedLanguage } from '../i18n/languages';
import { DomainError, NotFoundError, ValidationError } from '../common/errors/domain-error';
import { ChannelFacts, chooseChannel } from '../notifications/channel-choice';
import { OutboxService } from '../notifications/outbox.service';
import { ConsentInputDto, CreateParentDto, ParentFieldsDto } from './dto/parent-input.dto';
import { UpdateParentDto } from './dto/update-parent.dto';
import { Parent } from './parent.entity';
import {
  checkCombination,
  normalizePhone,
  resolveMessageLanguage,
  startingStatus,
} from './parent-rules';
import {
  ConsentMethod,
  ConsentPurpose,
  Consents,
  MessageTopic,
  ParentStatus,
} from './parent.types';
import { ParentFilters, ParentListItem, ParentsRepository } from './parents.repository';

/** The current school year's starting calendar year (a school year starts in August). */
export function currentSchoolYear(now = new Date()): number {
  return now.getUTCMonth() >= 7 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
}

const TRACKED_FIELDS: (keyof ParentFieldsDto)[] = [
  'givenName',
  'familyName',
  'children',
  'languages',
  'dutchLevel',
  'messageLanguage',
  'prefersSpoken',
  'formOfAddress',
  'role',
  'capacity',
  'situations',
  'skills',
  'interests',
  'availability',
  'postcodeArea',
  'channels',
  'email',
  'phone',
  'consents',
  'intakeNote',
  'atSchoolSince',
];

@Injectable()
export class ParentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly parents: ParentsRepository,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** Intake: enroll one parent; welcome message queued in the same transaction. */
  async enroll(
    actor: Actor,
    schoolId: string,
    dto: CreateParentDto,
    options: { externalRef?: string; householdId?: string; manager?: EntityManager } = {},
  ): Promise<Parent> {
    const run = async (m: EntityManager): Promise<Parent> => {
      let householdId: string = options.householdId ?? randomUUID();
      if (dto.sameHouseholdAs) {
        const other = await this.parents.findInSchool(schoolId, dto.sameHouseholdAs, m);
        if (!other)
          throw new ValidationError(
            'parent.unknown_household',
            'sameHouseholdAs must be a parent of this school.',
            [
              {
                field: 'sameHouseholdAs',
                messages: ['sameHouseholdAs must be a parent of this school'],
              },
            ],
          );
        householdId = other.householdId;
      }
      const values = this.buildValues(actor, dto, {});
      const status: ParentStatus = startingStatus(values.role);
      const inserted = await m.insert(Parent, {
        ...values,
        schoolId,
        householdId,
        externalRef: options.externalRef ?? null,
        status,
        waitingSince: status === 'waiting' ? new Date() : null,
        stoppedTopics: [],
        messagesStopped: false,
        erasedAt: null,
      });
      const parent = await m.findOneByOrFail(Parent, { id: inserted.identifiers[0].id as string });
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'parent.create',
          entityType: 'parent',
          entityId: parent.id,
          details: { source: options.externalRef ? 'import' : 'intake' },
        },
        m,
      );
      await this.outbox.enqueue(m, {
        schoolId,
        parentId: parent.id,
        kind: 'welcome',
        subject: { type: 'parent', id: parent.id },
        payload: { role: parent.role },
      });
      return parent;
    };
    return options.manager ? run(options.manager) : this.dataSource.transaction(run);
  }

  /**
   * The bulk form of `enroll` for an import, in the caller's transaction: the same values,
   * starting status, audit entry and welcome message for each parent, written with one
   * insert per table whatever their number. Parents are written through TypeORM's insert
   * (column transformers and subscribers apply, so contact details are encrypted and
   * hashed as on any other write). Returns the new ids in the order given.
   */
  async enrollMany(
    actor: Actor,
    schoolId: string,
    items: { dto: CreateParentDto; externalRef: string; householdId?: string }[],
    m: EntityManager,
  ): Promise<string[]> {
    if (!items.length) return [];
    const now = new Date();
    const rows = items.map(({ dto, externalRef, householdId }) => {
      const values = this.buildValues(actor, dto, {});
      const status: ParentStatus = startingStatus(values.role);
      return {
        ...values,
        id: randomUUID(),
        schoolId,
        householdId: householdId ?? randomUUID(),
        externalRef,
        status,
        waitingSince: status === 'waiting' ? now : null,
        stoppedTopics: [],
        messagesStopped: false,
        erasedAt: null,
      };
    });
    await m.createQueryBuilder().insert().into(Parent).values(rows).updateEntity(false).execute();
    const ids = rows.map((r) => r.id);
    await this.audit.recordMany(
      actor,
      ids.map((id) => ({
        schoolId,
        action: 'parent.create',
        entityType: 'parent',
        entityId: id,
        details: { source: 'import' },
      })),
      m,
    );
    await this.outbox.enqueueMany(
      m,
      ids.map((id, i) => ({
        schoolId,
        parentId: id,
        kind: 'welcome' as const,
        subject: { type: 'parent' as const, id },
        payload: { role: rows[i].role },
      })),
    );
    return ids;
  }

  async get(actor: Actor, schoolId: string, id: string): Promise<Parent> {
    const parent = await this.parents.findInSchool(schoolId, id);
    if (!parent) throw new NotFoundError('Parent');
    await this.audit.record(actor, {
      schoolId,
      action: 'parent.read',
      entityType: 'parent',
      entityId: id,
    });
    return parent;
  }

  async list(
    actor: Actor,
    schoolId: string,
    filters: ParentFilters,
    page: number,
    pageSize: number,
  ): Promise<{ items: ParentListItem[]; total: number }> {
    const result = await this.parents.page(schoolId, filters, (page - 1) * pageSize, pageSize);
    // Lists come many at a time: their entries are written in groups (see recordRead).
    await this.audit.recordRead(actor, {
      schoolId,
      action: 'parent.list',
      entityType: 'parent',
      details: {
        filters: Object.keys(filters).filter(
          (k) => filters[k as keyof ParentFilters] !== undefined,
        ),
        page,
        count: result.items.length,
        ids: result.items.map((p) => p.id),
      },
    });
    return result;
  }

  /** A change with a version check: a stale version is refused, never silently overwritten. */
  async update(
    actor: Actor,
    schoolId: string,
    id: string,
    dto: UpdateParentDto,
    expectedVersion: number | undefined,
    options: { manager?: EntityManager } = {},
  ): Promise<Parent> {
    const run = async (m: EntityManager): Promise<Parent> => {
      const current = await this.parents.lockInSchool(m, schoolId, id);
      if (!current) throw new NotFoundError('Parent');
      const version = expectedVersion ?? dto.version;
      if (version === undefined)
        throw new DomainError(
          'precondition_failed',
          'parent.version_required',
          'Send the version you read (If-Match header or "version") so concurrent changes are not lost.',
        );
      if (version !== current.version)
        throw new DomainError(
          'precondition_failed',
          'parent.version_mismatch',
          `The parent was changed by someone else (now version ${current.version}); reload and try again.`,
          undefined,
          { currentVersion: current.version },
        );
      if (current.erasedAt)
        throw new DomainError('gone', 'parent.erased', 'This parent was erased.');
      const { version: _v, status, ...fields } = dto;
      const merged: ParentFieldsDto = { ...this.fieldsOf(current), ...stripUndefined(fields) };
      // A buddy who now only seeks support: the capacity they offered no longer applies.
      if (fields.role === 'seeker' && fields.capacity == null) merged.capacity = undefined;
      const values = this.buildValues(actor, merged, current.consents, dto.consents !== undefined, {
        matchingConsentRequired: false,
      });
      const changed = TRACKED_FIELDS.filter((f) => fields[f] !== undefined);
      const nextStatus = status ?? current.status;
      const update: Partial<Parent> = { ...values, status: nextStatus };
      if (nextStatus === 'waiting' && current.status !== 'waiting')
        update.waitingSince = new Date();
      if (nextStatus !== 'waiting' && nextStatus !== 'matched') update.waitingSince = null;
      await m.update(Parent, { id, schoolId }, { ...update, version: current.version + 1 });
      // Messages that waited as a task for want of a usable channel (e.g. consent for e-mail
      // given only now) go out once the parent can be reached in writing.
      const released =
        chooseChannel(values).channel === 'task'
          ? 0
          : await this.outbox.releaseUnreachable(m, schoolId, id);
      const effects = await this.consentEffects(m, schoolId, id, current.consents, values);
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'parent.update',
          entityType: 'parent',
          entityId: id,
          details: {
            fields: [...changed, ...(status ? ['status'] : [])],
            ...(released ? { releasedMessages: released } : {}),
            ...effects,
          },
        },
        m,
      );
      return m.findOneByOrFail(Parent, { id });
    };
    return options.manager ? run(options.manager) : this.dataSource.transaction(run);
  }

  /**
   * Withdraws one consent (by the parent on their page, or by staff), with the same effects
   * as a change of the record: see consentEffects. Withdrawing twice changes nothing.
   */
  async withdrawConsent(
    actor: AnyActor,
    schoolId: string,
    id: string,
    purpose: ConsentPurpose,
    method: ConsentMethod,
  ): Promise<Parent> {
    return this.dataSource.transaction(async (m) => {
      const current = await this.parents.lockInSchool(m, schoolId, id);
      if (!current) throw new NotFoundError('Parent');
      if (current.erasedAt)
        throw new DomainError('gone', 'parent.erased', 'This parent was erased.');
      if (current.consents[purpose]?.granted !== true) return current;
      const consents: Consents = {
        ...current.consents,
        [purpose]: {
          granted: false,
          at: new Date().toISOString(),
          method,
          recordedBy: actor.kind === 'staff' ? actor.staffId : null,
        },
      };
      await m.update(Parent, { id, schoolId }, { consents, version: current.version + 1 });
      const effects = await this.consentEffects(m, schoolId, id, current.consents, {
        ...current,
        consents,
      });
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'parent.consent_withdrawn',
          entityType: 'parent',
          entityId: id,
          details: { purpose, ...effects },
        },
        m,
      );
      return m.findOneByOrFail(Parent, { id });
    });
  }

  /**
   * Consent takes effect at once. Withdrawn consent to be matched withdraws the parent's open
   * proposals (approving them is refused anyway). Withdrawn consent for e-mail or SMS
   * cancels the messages waiting to be sent when no channel the parent agreed to is left;
   * where the parent asked to be spoken to (or for a letter), they stay and become a task.
   * Withdrawn consent for activities cancels invitations not yet sent.
   */
  private async consentEffects(
    m: EntityManager,
    schoolId: string,
    id: string,
    before: Consents,
    after: ChannelFacts,
  ): Promise<{ withdrawnProposals?: number; cancelledMessages?: number }> {
    const out: { withdrawnProposals?: number; cancelledMessages?: number } = {};
    const withdrawn = (p: ConsentPurpose): boolean =>
      before[p]?.granted === true && after.consents[p]?.granted !== true;
    if (withdrawn('matching')) {
      const [, n]: [unknown, number] = await m.query(
        `UPDATE match SET status = 'superseded', updated_at = now()
          WHERE school_id = $1 AND (seeker_id = $2 OR buddy_id = $2) AND status = 'proposed'`,
        [schoolId, id],
      );
      if (n) out.withdrawnProposals = n;
    }
    if (withdrawn('activities')) {
      // Invitations not yet sent are not sent (sign-ups already made stay the parent's own).
      const [, n]: [unknown, number] = await m.query(
        `UPDATE notification SET status = 'skipped', last_error = 'consent for activities withdrawn',
                locked_until = NULL, updated_at = now()
          WHERE school_id = $1 AND parent_id = $2 AND kind = 'activity_invitation' AND status IN ('pending', 'failed')`,
        [schoolId, id],
      );
      if (n) out.cancelledMessages = n;
    }
    const channel = chooseChannel(after);
    if (
      (withdrawn('messages_email') || withdrawn('messages_sms')) &&
      channel.channel === 'task' &&
      channel.reason === 'no_usable_channel'
    ) {
      const [, n]: [unknown, number] = await m.query(
        `UPDATE notification SET status = 'skipped', last_error = 'consent for this channel withdrawn',
                locked_until = NULL, updated_at = now()
          WHERE school_id = $1 AND parent_id = $2 AND status IN ('pending', 'failed')`,
        [schoolId, id],
      );
      if (n) out.cancelledMessages = (out.cancelledMessages ?? 0) + n;
    }
    return out;
  }

  /**
   * Language and message preferences, set by the parent on their page or by staff. The
   * same record and audit either way; a stop can always be undone.
   */
  async updatePreferences(
    actor: AnyActor,
    schoolId: string,
    id: string,
    prefs: {
      messageLanguage?: ShippedLanguage;
      stoppedTopics?: MessageTopic[];
      messagesStopped?: boolean;
    },
  ): Promise<Parent> {
    return this.dataSource.transaction(async (m) => {
      const current = await this.parents.lockInSchool(m, schoolId, id);
      if (!current) throw new NotFoundError('Parent');
      const update: Partial<Parent> = {};
      if (prefs.messageLanguage && prefs.messageLanguage !== current.messageLanguage) {
        update.messageLanguage = prefs.messageLanguage;
        update.requestedLanguage = null;
      }
      if (prefs.stoppedTopics) update.stoppedTopics = [...new Set(prefs.stoppedTopics)].sort();
      if (prefs.messagesStopped !== undefined) update.messagesStopped = prefs.messagesStopped;
      const changed = Object.keys(update).filter(
        (k) =>
          JSON.stringify(update[k as keyof Parent]) !== JSON.stringify(current[k as keyof Parent]),
      );
      if (!changed.length) return current;
      await m.update(Parent, { id, schoolId }, { ...update, version: current.version + 1 });
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'parent.preferences',
          entityType: 'parent',
          entityId: id,
          details: { fields: changed },
        },
        m,
      );
      return m.findOneByOrFail(Parent, { id });
    });
  }

  /** The DTO form of a stored parent, for merging a partial change. */
  fieldsOf(p: Parent): ParentFieldsDto {
    return {
      givenName: p.givenName,
      familyName: p.familyName ?? undefined,
      children: p.children,
      languages: p.languages,
      dutchLevel: p.dutchLevel as ParentFieldsDto['dutchLevel'],
      messageLanguage: p.requestedLanguage ?? p.messageLanguage,
      prefersSpoken: p.prefersSpoken,
      formOfAddress: p.formOfAddress,
      role: p.role,
      capacity: p.role === 'seeker' ? undefined : p.capacity,
      situations: p.situations,
      skills: p.skills,
      interests: p.interests,
      availability: p.availability,
      postcodeArea: p.postcodeArea ?? undefined,
      channels: p.channels,
      email: p.email ?? undefined,
      phone: p.phone ?? undefined,
      consents: [],
      intakeNote: p.intakeNote ?? undefined,
      atSchoolSince: p.atSchoolSince,
    };
  }

  /** Normalises and checks the fields; returns the column values. */
  buildValues(
    actor: Actor,
    dto: ParentFieldsDto,
    currentConsents: Consents,
    consentsGiven = true,
    options: { matchingConsentRequired?: boolean } = {},
  ) {
    let phone: string | null = null;
    if (dto.phone) {
      phone = normalizePhone(dto.phone);
      if (!phone)
        throw new ValidationError(
          'parent.invalid_phone',
          'phone must be a valid phone number (E.164 or a Dutch number).',
          [
            {
              field: 'phone',
              messages: [
                'phone must be a valid phone number (E.164 or a Dutch number such as 06 12345678)',
              ],
            },
          ],
        );
    }
    const consents = consentsGiven
      ? applyConsents(currentConsents, dto.consents, actor.staffId)
      : currentConsents;
    const situations = (dto.situations ?? []).map((s) => ({
      code: s.code,
      stance: s.stance,
      shareWithBuddy: s.shareWithBuddy ?? false,
    }));
    const email = dto.email ? dto.email.trim().toLowerCase() : null;
    checkCombination(
      {
        role: dto.role,
        capacity: dto.capacity ?? undefined,
        languages: dto.languages,
        situations,
        channels: dto.channels,
        email,
        phone,
        consents,
      },
      options,
    );
    const { messageLanguage, requestedLanguage } = resolveMessageLanguage(
      dto.messageLanguage,
      dto.languages,
    );
    return {
      givenName: dto.givenName.trim(),
      familyName: dto.familyName?.trim() || null,
      children: (dto.children ?? []).map((c) => ({
        schoolYear: c.schoolYear,
        ...(c.firstName ? { firstName: c.firstName } : {}),
        ...(c.className ? { className: c.className } : {}),
      })),
      languages: dto.languages.map((l) => ({ code: l.code, level: l.level })),
      dutchLevel: dto.dutchLevel,
      messageLanguage,
      requestedLanguage,
      prefersSpoken: dto.prefersSpoken ?? false,
      formOfAddress: dto.formOfAddress ?? null,
      role: dto.role,
      capacity: dto.role === 'seeker' ? 0 : (dto.capacity ?? 1),
      situations,
      skills: dto.skills ?? [],
      interests: dto.interests ?? [],
      availability: dto.availability ?? [],
      postcodeArea: dto.postcodeArea ?? null,
      channels: dto.channels,
      email,
      phone,
      consents,
      intakeNote: dto.intakeNote?.trim() || null,
      atSchoolSince: dto.atSchoolSince ?? currentSchoolYear(),
    };
  }
}

/** Applies consent answers; each records when, how and by whom. An unchanged answer keeps its record. */
export function applyConsents(
  current: Consents,
  inputs: ConsentInputDto[],
  staffId: string | null,
): Consents {
  const next: Consents = { ...current };
  const now = new Date().toISOString();
  for (const input of inputs) {
    const before = current[input.purpose];
    if (before && before.granted === input.granted) continue;
    next[input.purpose] = {
      granted: input.granted,
      at: now,
      method: input.method,
      recordedBy: staffId,
    };
  }
  return next;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
