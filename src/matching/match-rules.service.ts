import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors/domain-error';
import { Parent } from '../parents/parent.entity';
import { MatchRule } from './match-rule.entity';

/** Pins and forbids a consultant sets before a run. */
@Injectable()
export class MatchRulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async add(
    actor: Actor,
    schoolId: string,
    seekerId: string,
    buddyId: string,
    kind: 'pin' | 'forbid',
  ): Promise<MatchRule> {
    if (seekerId === buddyId)
      throw new ValidationError(
        'match_rule.same_parent',
        'seekerId and buddyId must be two different parents.',
        [{ field: 'buddyId', messages: ['buddyId must differ from seekerId'] }],
      );
    return this.dataSource.transaction(async (m) => {
      const found = await m.countBy(Parent, [
        { id: seekerId, schoolId },
        { id: buddyId, schoolId },
      ]);
      if (found !== 2) throw new NotFoundError('Parent');
      if (await m.existsBy(MatchRule, { seekerId, buddyId }))
        throw new ConflictError(
          'match_rule.exists',
          'A pin or forbid for this pair exists already; remove it first.',
        );
      const rule = m.create(MatchRule, {
        schoolId,
        seekerId,
        buddyId,
        kind,
        createdBy: actor.staffId,
      });
      await m.insert(MatchRule, rule);
      await this.audit.record(
        actor,
        { schoolId, action: `match_rule.${kind}`, entityType: 'match_rule', entityId: rule.id },
        m,
      );
      return m.findOneByOrFail(MatchRule, { id: rule.id });
    });
  }

  list(schoolId: string): Promise<MatchRule[]> {
    return this.dataSource.manager.find(MatchRule, {
      where: { schoolId },
      order: { createdAt: 'ASC' },
    });
  }

  async remove(actor: Actor, schoolId: string, ruleId: string): Promise<void> {
    const result = await this.dataSource.manager.delete(MatchRule, { id: ruleId, schoolId });
    if (!result.affected) throw new NotFoundError('Match rule');
    await this.audit.record(actor, {
      schoolId,
      action: 'match_rule.delete',
      entityType: 'match_rule',
      entityId: ruleId,
    });
  }
}
