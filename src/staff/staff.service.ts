import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, AnyActor, SchoolRole } from '../common/auth/actor';
import { ConflictError, NotFoundError, TooManyRequestsError } from '../common/errors/domain-error';
import { hashPassword } from '../auth/password';
import { Membership } from './membership.entity';
import { Staff } from './staff.entity';
import { SchoolMemberRow, StaffRepository } from './staff.repository';

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

/** Whom to e-mail about an invitation, and with which kind of e-mail. */
export interface Invitation {
  staffId: string;
  email: string;
  /** The name to greet: as typed for a new account, the account's own name otherwise. */
  name: string;
  interfaceLanguage: string;
  /**
   * The invitation created the account: the e-mail carries a link to choose a password.
   * Otherwise the person already has a password and is only told they were added.
   */
  newAccount: boolean;
}

/** An open invitation can be sent again this often per hour. */
const RESENDS_PER_HOUR = 3;

const lastAdmin = (): ConflictError =>
  new ConflictError('staff.last_admin', 'A school keeps at least one administrator.');

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

  /**
   * Invites a person by e-mail into a school with a role. A new address gets an account
   * without a usable password (they choose one through the e-mailed link); an address
   * that has an account already only gets the membership: its password and name stay as
   * they are. The answer, the time it takes and the school's audit log look the same in
   * both cases, so an administrator does not learn whether the address had an account.
   */
  async inviteToSchool(
    actor: Actor,
    schoolId: string,
    person: { email: string; name: string; interfaceLanguage?: string },
    role: SchoolRole,
  ): Promise<Invitation> {
    // Hashed for both paths, so a new and an existing address take equally long.
    const unusable = await hashPassword(randomBytes(32).toString('base64url'));
    return this.dataSource.transaction(async (m) => {
      const school: unknown[] = await m.query('SELECT 1 FROM school WHERE id = $1', [schoolId]);
      if (!school.length) throw new NotFoundError('School');
      const email = person.email.trim().toLowerCase();
      let staff = await m.findOneBy(Staff, { email });
      const newAccount = !staff;
      if (!staff) {
        const created = await m.insert(Staff, {
          email,
          name: person.name.trim(),
          interfaceLanguage: person.interfaceLanguage ?? 'nl',
          passwordHash: unusable,
          isPlatformAdmin: false,
        });
        staff = await m.findOneByOrFail(Staff, { id: created.identifiers[0].id as string });
        // An account is not a school's record: kept out of the school's log.
        await this.audit.record(
          actor,
          {
            schoolId: null,
            action: 'staff.create',
            entityType: 'staff',
            entityId: staff.id,
            details: { via: 'invitation' },
          },
          m,
        );
      } else if (await this.repo.findMembership(schoolId, staff.id, m)) {
        throw new ConflictError('staff.already_member', 'This address is already on the staff.');
      }
      await m.insert(Membership, {
        staffId: staff.id,
        schoolId,
        boardId: null,
        role,
        invitedAt: () => 'now()',
        invitedBy: actor.staffId,
        invitedName: person.name.trim(),
        createdAccount: newAccount,
      });
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'membership.create',
          entityType: 'staff',
          entityId: staff.id,
          details: { role, invited: true },
        },
        m,
      );
      return {
        staffId: staff.id,
        email: staff.email,
        name: staff.name,
        interfaceLanguage: staff.interfaceLanguage,
        newAccount,
      };
    });
  }

  /** An open invitation, to send again (recorded in the school's log). */
  async invitationToResend(actor: Actor, schoolId: string, staffId: string): Promise<Invitation> {
    const [member] = await this.repo.membersOf(schoolId, staffId);
    if (!member) throw new NotFoundError('Staff member');
    if (!member.pending)
      throw new ConflictError(
        'staff.invitation_not_open',
        'This colleague has logged in already; there is no open invitation.',
      );
    // A form must not become a way to flood someone's mailbox.
    const [recent]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log
        WHERE school_id = $1 AND entity_id = $2 AND action = 'membership.invite_resent'
          AND at > now() - interval '1 hour'`,
      [schoolId, staffId],
    );
    if (recent.n >= RESENDS_PER_HOUR)
      throw new TooManyRequestsError(
        'staff.resend_limit',
        'The invitation was sent again several times this hour; wait a while.',
        3600,
      );
    await this.audit.record(actor, {
      schoolId,
      action: 'membership.invite_resent',
      entityType: 'staff',
      entityId: staffId,
    });
    const account = await this.repo.findById(staffId);
    return {
      staffId,
      email: member.email,
      name: account?.name ?? member.name,
      interfaceLanguage: member.interfaceLanguage,
      newAccount: member.createdAccount,
    };
  }

  /** The school's staff with the state of their invitation (for the staff page). */
  members(schoolId: string): Promise<SchoolMemberRow[]> {
    return this.repo.membersOf(schoolId);
  }

  async member(schoolId: string, staffId: string): Promise<SchoolMemberRow> {
    const [row] = await this.repo.membersOf(schoolId, staffId);
    if (!row) throw new NotFoundError('Staff member');
    return row;
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
      // One change of a school's admins at a time: two admins cannot demote each other at once.
      await m.query('SELECT 1 FROM school WHERE id = $1 FOR UPDATE', [schoolId]);
      const membership = await this.repo.findMembership(schoolId, staffId, m);
      if (!membership) throw new NotFoundError('Staff member');
      if (membership.role === role) return membership;
      if (membership.role === 'school_admin') {
        const admins = await m.countBy(Membership, { schoolId, role: 'school_admin' });
        if (admins <= 1) throw lastAdmin();
      }
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
      await m.query('SELECT 1 FROM school WHERE id = $1 FOR UPDATE', [schoolId]);
      const membership = await this.repo.findMembership(schoolId, staffId, m);
      if (!membership) throw new NotFoundError('Staff member');
      if (membership.role === 'school_admin') {
        const admins = await m.countBy(Membership, { schoolId, role: 'school_admin' });
        if (admins <= 1) throw lastAdmin();
      }
      await m.delete(Membership, { id: membership.id });
      // An invitation withdrawn before it was used: its link to choose a password dies too.
      if (membership.createdAccount)
        await m.query(
          `UPDATE password_link SET used_at = now()
            WHERE staff_id = $1 AND purpose = 'invite' AND used_at IS NULL`,
          [staffId],
        );
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
