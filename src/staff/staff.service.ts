import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, AnyActor, SchoolRole, SYSTEM } from '../common/auth/actor';
import { ConflictError, NotFoundError, TooManyRequestsError } from '../common/errors/domain-error';
import { hashPassword } from '../auth/password';
import { Membership } from './membership.entity';
import { Staff } from './staff.entity';
import { SchoolMemberRow, StaffRepository } from './staff.repository';

/** An account made by the operator (the command line, the development demo), with a password. */
export interface NewStaff {
  email: string;
  name: string;
  interfaceLanguage?: string;
}

/** Whom to e-mail about an invitation, and with which kind of e-mail. */
export interface Invitation {
  staffId: string;
  email: string;
  /** The name to greet: as typed for a new account, the account's own name otherwise. */
  name: string;
  interfaceLanguage: string;
  /** The invitation created the account. */
  newAccount: boolean;
  /**
   * The e-mail carries a link to choose a password: a new account, or one that an earlier
   * invitation made and its owner never took up. Otherwise the person gets a link to accept.
   */
  needsPassword: boolean;
  /** The name the inviting administrator typed (what an answer to them may show). */
  invitedName: string;
  role: SchoolRole | 'board_admin';
  memberSince: Date;
  /**
   * For an account that existed: the one-time token of the link to accept (or decline) the
   * membership, which stays pending until then. Only ever e-mailed, never in an answer.
   */
  acceptToken?: string;
}

/** What the page to accept an invitation shows (the token is still usable). */
export interface PendingMembership {
  place: string;
  kind: 'school' | 'board';
  role: SchoolRole | 'board_admin';
  email: string;
}

/** The link to accept a membership works this long, once. */
const ACCEPT_LINK_DAYS = 7;
const tokenHash = (token: string): Buffer => createHash('sha256').update(token).digest();
const tokenShape = (token: string): boolean => /^[A-Za-z0-9_-]{20,100}$/.test(token);

/** Whom an administrator invites: an address and a name, never a password. */
export interface InvitedPerson {
  email: string;
  name: string;
  interfaceLanguage?: string;
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

  /**
   * Invites a person by e-mail into a school with a role. A new address gets an account
   * without a usable password (they choose one through the e-mailed link); an address
   * that has an account already only gets the membership: its password and name stay as
   * they are. The answer, the time it takes and the school's audit log look the same in
   * both cases, so an administrator does not learn whether the address had an account.
   */
  async inviteToSchool(
    actor: AnyActor,
    schoolId: string,
    person: InvitedPerson,
    role: SchoolRole,
    manager?: EntityManager,
  ): Promise<Invitation> {
    // Hashed for both paths, so a new and an existing address take equally long.
    const unusable = await hashPassword(randomBytes(32).toString('base64url'));
    const run = async (m: EntityManager): Promise<Invitation> => {
      const school: unknown[] = await m.query('SELECT 1 FROM school WHERE id = $1', [schoolId]);
      if (!school.length) throw new NotFoundError('School');
      const { staff, newAccount } = await this.accountFor(m, actor, person, unusable);
      if (!newAccount && (await this.repo.findMembership(schoolId, staff.id, m)))
        throw new ConflictError('staff.already_member', 'This address is already on the staff.');
      return this.addMembership(m, actor, staff, newAccount, person, { schoolId, role });
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /**
   * Invites a person to administer every school of a board, the same way as into a school:
   * a new address gets a link to choose a password, an existing account a link to accept.
   */
  async inviteBoardAdmin(
    actor: AnyActor,
    boardId: string,
    person: InvitedPerson,
  ): Promise<Invitation> {
    const unusable = await hashPassword(randomBytes(32).toString('base64url'));
    return this.dataSource.transaction(async (m) => {
      const board: unknown[] = await m.query('SELECT 1 FROM board WHERE id = $1', [boardId]);
      if (!board.length) throw new NotFoundError('Board');
      const { staff, newAccount } = await this.accountFor(m, actor, person, unusable);
      if (!newAccount && (await m.existsBy(Membership, { staffId: staff.id, boardId })))
        throw new ConflictError(
          'staff.already_member',
          'This address is already an administrator of this board.',
        );
      return this.addMembership(m, actor, staff, newAccount, person, {
        boardId,
        role: 'board_admin',
      });
    });
  }

  /**
   * The account of an address: the existing one untouched (its password and name stay as
   * they are), or a new one whose password nobody knows until its owner chooses one.
   */
  private async accountFor(
    m: EntityManager,
    actor: AnyActor,
    person: InvitedPerson,
    unusableHash: string,
  ): Promise<{ staff: Staff; newAccount: boolean }> {
    const email = person.email.trim().toLowerCase();
    const existing = await m.findOneBy(Staff, { email });
    if (existing) {
      await this.voidForeignPassword(m, actor, existing.id, unusableHash);
      return { staff: existing, newAccount: false };
    }
    // Two invitations of one new address at once: the second finds the first's account.
    const created: { id: string }[] = await m.query(
      `INSERT INTO staff (email, name, interface_language, password_hash, is_platform_admin)
       VALUES ($1, $2, $3, $4, false)
       ON CONFLICT DO NOTHING RETURNING id`,
      [email, person.name.trim(), person.interfaceLanguage ?? 'nl', unusableHash],
    );
    if (!created[0]) return { staff: await m.findOneByOrFail(Staff, { email }), newAccount: false };
    const staff = await m.findOneByOrFail(Staff, { id: created[0].id });
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
    return { staff, newAccount: true };
  }

  private async addMembership(
    m: EntityManager,
    actor: AnyActor,
    staff: Staff,
    newAccount: boolean,
    person: InvitedPerson,
    place: { schoolId: string; role: SchoolRole } | { boardId: string; role: 'board_admin' },
  ): Promise<Invitation> {
    const schoolId = 'schoolId' in place ? place.schoolId : null;
    const boardId = 'boardId' in place ? place.boardId : null;
    // A new account's owner activates it by choosing a password through the invite link: its
    // membership is accepted at once. So is, in effect, one of an account whose owner never
    // chose its password: pending without a link of its own, it is accepted when the owner
    // chooses one through an e-mailed link (PasswordsService.useLink). An account its owner
    // uses accepts through a link of its own, in the e-mail; until then, no access.
    const needsPassword = newAccount || !(await this.passwordSetByOwner(m, staff.id));
    const acceptToken = needsPassword ? undefined : randomBytes(32).toString('base64url');
    const inserted: { id: string; created_at: Date }[] = await m.query(
      `INSERT INTO membership
         (staff_id, school_id, board_id, role, invited_at, invited_by, invited_name, created_account,
          accepted_at, accept_token_hash, accept_expires_at)
       VALUES ($1, $2, $3, $4, now(), $5, $6, $7,
               CASE WHEN $7::boolean THEN now() END, $8, CASE WHEN $8::bytea IS NOT NULL
               THEN now() + make_interval(days => $9) END)
       RETURNING id, created_at`,
      [
        staff.id,
        schoolId,
        boardId,
        place.role,
        actor.kind === 'staff' ? actor.staffId : null,
        person.name.trim(),
        newAccount,
        acceptToken ? tokenHash(acceptToken) : null,
        ACCEPT_LINK_DAYS,
      ],
    );
    await this.audit.record(
      actor,
      {
        schoolId,
        action: 'membership.create',
        entityType: 'staff',
        entityId: staff.id,
        details: boardId
          ? { role: place.role, boardId, invited: true }
          : { role: place.role, invited: true },
      },
      m,
    );
    return {
      staffId: staff.id,
      email: staff.email,
      name: staff.name,
      invitedName: person.name.trim(),
      interfaceLanguage: staff.interfaceLanguage,
      newAccount,
      needsPassword,
      role: place.role,
      memberSince: inserted[0].created_at,
      acceptToken,
    };
  }

  /** The membership a link to accept names, while the link can still be used. */
  async pendingMembership(token: string): Promise<PendingMembership | undefined> {
    if (!tokenShape(token)) return undefined;
    const rows: {
      place: string;
      kind: 'school' | 'board';
      role: SchoolRole | 'board_admin';
      email: string;
    }[] = await this.dataSource.query(
      `SELECT coalesce(sc.name, b.name) AS place,
              CASE WHEN m.school_id IS NULL THEN 'board' ELSE 'school' END AS kind,
              m.role, s.email
         FROM membership m JOIN staff s ON s.id = m.staff_id
         LEFT JOIN school sc ON sc.id = m.school_id
         LEFT JOIN board b ON b.id = m.board_id
        WHERE m.accept_token_hash = $1 AND m.accepted_at IS NULL AND m.accept_expires_at > now()`,
      [tokenHash(token)],
    );
    return rows[0];
  }

  /**
   * Accepts (the membership gives access from now on) or declines (it is removed) through
   * the e-mailed link, once. Undefined when the link has expired or was used already.
   * `needsPassword`: the owner never chose the account's password (they get a link to).
   */
  async answerInvitation(
    token: string,
    accept: boolean,
  ): Promise<{ staffId: string; needsPassword: boolean } | undefined> {
    if (!tokenShape(token)) return undefined;
    return this.dataSource.transaction(async (m) => {
      const [row]: {
        id: string;
        staff_id: string;
        school_id: string | null;
        board_id: string | null;
      }[] = await m.query(
        `SELECT id, staff_id, school_id, board_id FROM membership
            WHERE accept_token_hash = $1 AND accepted_at IS NULL AND accept_expires_at > now()
            FOR UPDATE`,
        [tokenHash(token)],
      );
      if (!row) return undefined;
      if (accept)
        await m.query(
          `UPDATE membership SET accepted_at = now(), accept_token_hash = NULL,
                  accept_expires_at = NULL WHERE id = $1`,
          [row.id],
        );
      else await m.query(`DELETE FROM membership WHERE id = $1`, [row.id]);
      // The owner's answer, kept out of the school's log like the account's other events.
      await this.audit.record(
        null,
        {
          schoolId: null,
          action: accept ? 'membership.accepted' : 'membership.declined',
          entityType: 'staff',
          entityId: row.staff_id,
          details: row.board_id ? { boardId: row.board_id } : { schoolId: row.school_id },
        },
        m,
      );
      return {
        staffId: row.staff_id,
        needsPassword: accept && !(await this.passwordSetByOwner(m, row.staff_id)),
      };
    });
  }

  /**
   * Whether the account's owner chose its password: through a link e-mailed to the address
   * (or, for a platform administrator, the operator). Otherwise nobody knows it, or someone
   * else chose it (the API took passwords from administrators before), and the owner gets a
   * link to choose one.
   */
  private async passwordSetByOwner(m: EntityManager, staffId: string): Promise<boolean> {
    const [row]: { owner: boolean }[] = await m.query(
      `SELECT (password_set_by_owner OR is_platform_admin) AS owner FROM staff WHERE id = $1`,
      [staffId],
    );
    return row?.owner === true;
  }

  /**
   * A password that someone other than the owner chose is never reused when the account is
   * added somewhere else: it is replaced by an unusable one, and the account's sessions and
   * tokens end (password_changed_at). Its owner then chooses one through the e-mailed link.
   */
  private async voidForeignPassword(
    m: EntityManager,
    actor: AnyActor,
    staffId: string,
    unusableHash: string,
  ): Promise<void> {
    const voided: unknown[] = await m.query(
      `UPDATE staff SET password_hash = $2, password_changed_at = now()
        WHERE id = $1 AND NOT password_set_by_owner AND NOT is_platform_admin
        RETURNING id`,
      [staffId, unusableHash],
    );
    if (!(voided as [unknown[], number])[0]?.length) return;
    await m.query(`DELETE FROM staff_session WHERE staff_id = $1`, [staffId]);
    // Kept out of the school's log: the inviting school must not learn of the account.
    await this.audit.record(
      actor,
      {
        schoolId: null,
        action: 'staff.password_voided',
        entityType: 'staff',
        entityId: staffId,
      },
      m,
    );
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
    // Still to be accepted by an account its owner uses: a new link replaces the old one.
    // Not accepted by an account whose owner never chose a password: a link to choose one.
    const ownerChosePassword = await this.passwordSetByOwner(this.dataSource.manager, staffId);
    let acceptToken: string | undefined;
    if (member.awaitingAcceptance && ownerChosePassword) {
      acceptToken = randomBytes(32).toString('base64url');
      await this.dataSource.query(
        `UPDATE membership SET accept_token_hash = $3,
                accept_expires_at = now() + make_interval(days => $4)
          WHERE school_id = $1 AND staff_id = $2 AND accepted_at IS NULL`,
        [schoolId, staffId, tokenHash(acceptToken), ACCEPT_LINK_DAYS],
      );
    }
    return {
      staffId,
      email: member.email,
      name: account?.name ?? member.name,
      invitedName: member.name,
      interfaceLanguage: member.interfaceLanguage,
      newAccount: member.createdAccount,
      needsPassword: member.createdAccount || (member.awaitingAcceptance && !ownerChosePassword),
      role: member.role as SchoolRole,
      memberSince: member.memberSince,
      acceptToken,
    };
  }

  /** A school's id and name (an invitation names the school). */
  async school(schoolId: string): Promise<{ id: string; name: string }> {
    const [school] = await this.repo.schoolNames([schoolId]);
    if (!school) throw new NotFoundError('School');
    return school;
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
        const admins = await m.countBy(Membership, {
          schoolId,
          role: 'school_admin',
          acceptedAt: Not(IsNull()),
        });
        if (membership.acceptedAt && admins <= 1) throw lastAdmin();
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
        const admins = await m.countBy(Membership, {
          schoolId,
          role: 'school_admin',
          acceptedAt: Not(IsNull()),
        });
        if (membership.acceptedAt && admins <= 1) throw lastAdmin();
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

  /**
   * For the development demo only: a new account with a password the operator chose (the
   * seed prints it once). Refuses an address that has an account already; the API and the
   * workspace never set anyone's password, they invite (inviteToSchool).
   */
  async createDemoMember(
    schoolId: string,
    person: NewStaff & { password: string },
    role: SchoolRole,
    m: EntityManager,
  ): Promise<Staff> {
    const email = person.email.trim().toLowerCase();
    if (await m.existsBy(Staff, { email }))
      throw new ConflictError('staff.exists', `An account for ${email} exists already.`);
    const inserted = await m.insert(Staff, {
      email,
      name: person.name,
      interfaceLanguage: person.interfaceLanguage ?? 'nl',
      passwordHash: await hashPassword(person.password),
      isPlatformAdmin: false,
    });
    const staff = await m.findOneByOrFail(Staff, { id: inserted.identifiers[0].id as string });
    // The operator who runs the demo is the person the password was made for.
    await m.query(`UPDATE staff SET password_set_by_owner = true WHERE id = $1`, [staff.id]);
    await m.insert(Membership, { staffId: staff.id, schoolId, boardId: null, role });
    await this.audit.record(
      SYSTEM,
      {
        schoolId,
        action: 'membership.create',
        entityType: 'staff',
        entityId: staff.id,
        details: { role },
      },
      m,
    );
    return staff;
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
