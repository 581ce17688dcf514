import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, AnyActor, SchoolRole } from '../common/auth/actor';
import { ConflictError, NotFoundError } from '../common/errors/domain-error';
import { hashPassword } from '../auth/password';
import { Membership } from './membership.entity';
import { Staff } from './staff.entity';
import { StaffRepository } from './staff.repository';

export interface NewStaff {
  email: string;
  name: string;
  interfaceLanguage?: string;
  password?: string;
}

export interface AddedMember {
  staff: Staff;
  membership: Membership;
  /** Set when a new account was created without a password: to be handed over once. */
  temporaryPassword?: string;
}

/** Staff accounts and their memberships of schools. */
@Injectable()
export class StaffService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: StaffRepository,
    private readonly audit: AuditService,
  ) {}

  /** Creates the account when the e-mail is new, then gives it a role in the school. */
  async addToSchool(
    actor: AnyActor,
    schoolId: string,
    person: NewStaff,
    role: SchoolRole,
    manager?: EntityManager,
  ): Promise<AddedMember> {
    const run = async (m: EntityManager): Promise<AddedMember> => {
      const school: unknown[] = await m.query('SELECT 1 FROM school WHERE id = $1', [schoolId]);
      if (!school.length) throw new NotFoundError('School');
      const email = person.email.trim().toLowerCase();
      const { staff, temporaryPassword } = await this.findOrCreate(m, actor, person, schoolId);
      if (await this.repo.findMembership(schoolId, staff.id, m))
        throw new ConflictError(
          'staff.already_member',
          `${email} is already a member of this school.`,
        );
      const inserted = await m.insert(Membership, {
        staffId: staff.id,
        schoolId,
        boardId: null,
        role,
      });
      const membership = await m.findOneByOrFail(Membership, {
        id: inserted.identifiers[0].id as string,
      });
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'membership.create',
          entityType: 'staff',
          entityId: staff.id,
          details: { role },
        },
        m,
      );
      return { staff, membership, temporaryPassword };
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /** Makes a staff member (created when new) administrator of every school of a board. */
  async addBoardAdmin(actor: AnyActor, boardId: string, person: NewStaff): Promise<AddedMember> {
    return this.dataSource.transaction(async (m) => {
      const board: unknown[] = await m.query('SELECT 1 FROM board WHERE id = $1', [boardId]);
      if (!board.length) throw new NotFoundError('Board');
      const email = person.email.trim().toLowerCase();
      const { staff, temporaryPassword } = await this.findOrCreate(m, actor, person, null);
      if (await m.existsBy(Membership, { staffId: staff.id, boardId }))
        throw new ConflictError(
          'staff.already_member',
          `${email} is already an administrator of this board.`,
        );
      const inserted = await m.insert(Membership, {
        staffId: staff.id,
        schoolId: null,
        boardId,
        role: 'board_admin',
      });
      const membership = await m.findOneByOrFail(Membership, {
        id: inserted.identifiers[0].id as string,
      });
      await this.audit.record(
        actor,
        {
          schoolId: null,
          action: 'membership.create',
          entityType: 'staff',
          entityId: staff.id,
          details: { role: 'board_admin', boardId },
        },
        m,
      );
      return { staff, membership, temporaryPassword };
    });
  }

  /** The account for this e-mail, created when new (with a one-time password when none is given). */
  private async findOrCreate(
    m: EntityManager,
    actor: AnyActor,
    person: NewStaff,
    schoolId: string | null,
  ): Promise<{ staff: Staff; temporaryPassword?: string }> {
    const email = person.email.trim().toLowerCase();
    const existing = await m.findOneBy(Staff, { email });
    if (existing) return { staff: existing };
    const temporaryPassword = person.password ? undefined : randomBytes(12).toString('base64url');
    const created = await m.insert(Staff, {
      email,
      name: person.name,
      interfaceLanguage: person.interfaceLanguage ?? 'nl',
      passwordHash: await hashPassword(person.password ?? temporaryPassword!),
      isPlatformAdmin: false,
    });
    const staff = await m.findOneByOrFail(Staff, { id: created.identifiers[0].id as string });
    await this.audit.record(
      actor,
      { schoolId, action: 'staff.create', entityType: 'staff', entityId: staff.id },
      m,
    );
    return { staff, temporaryPassword };
  }

  async changeRole(
    actor: AnyActor,
    schoolId: string,
    staffId: string,
    role: SchoolRole,
  ): Promise<Membership> {
    return this.dataSource.transaction(async (m) => {
      const membership = await this.repo.findMembership(schoolId, staffId, m);
      if (!membership) throw new NotFoundError('Staff member');
      await m.update(Membership, { id: membership.id }, { role });
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'membership.update',
          entityType: 'staff',
          entityId: staffId,
          details: { from: membership.role, to: role },
        },
        m,
      );
      return { ...membership, role };
    });
  }

  async removeFromSchool(actor: AnyActor, schoolId: string, staffId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const membership = await this.repo.findMembership(schoolId, staffId, m);
      if (!membership) throw new NotFoundError('Staff member');
      if (membership.role === 'school_admin') {
        const admins = await m.countBy(Membership, { schoolId, role: 'school_admin' });
        if (admins <= 1)
          throw new ConflictError('staff.last_admin', 'A school keeps at least one administrator.');
      }
      await m.delete(Membership, { id: membership.id });
      await this.audit.record(
        actor,
        { schoolId, action: 'membership.delete', entityType: 'staff', entityId: staffId },
        m,
      );
    });
  }

  /** The language a staff member reads the workspace in. */
  async setInterfaceLanguage(actor: Actor, language: string): Promise<void> {
    await this.dataSource.query(`UPDATE staff SET interface_language = $2 WHERE id = $1`, [
      actor.staffId,
      language,
    ]);
    await this.audit.record(actor, {
      schoolId: null,
      action: 'staff.language_changed',
      entityType: 'staff',
      entityId: actor.staffId,
      details: { language },
    });
  }

  list(schoolId: string): Promise<{ staff: Staff; membership: Membership }[]> {
    return this.repo.listForSchool(schoolId);
  }

  /** For the command line: the first platform administrator of a production deployment. */
  async createPlatformAdmin(person: NewStaff & { password: string }): Promise<Staff> {
    const email = person.email.trim().toLowerCase();
    const existing = await this.dataSource.manager.findOneBy(Staff, { email });
    if (existing)
      throw new ConflictError('staff.exists', `An account for ${email} exists already.`);
    const inserted = await this.dataSource.manager.insert(Staff, {
      email,
      name: person.name,
      interfaceLanguage: person.interfaceLanguage ?? 'nl',
      passwordHash: await hashPassword(person.password),
      isPlatformAdmin: true,
    });
    return this.dataSource.manager.findOneByOrFail(Staff, {
      id: inserted.identifiers[0].id as string,
    });
  }
}
