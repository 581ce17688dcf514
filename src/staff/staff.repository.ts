import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { Membership } from './membership.entity';
import { Staff } from './staff.entity';

/** A staff member of one school as the staff page shows them. */
export interface SchoolMemberRow {
  staffId: string;
  email: string;
  /** While an invitation is open: the name the administrator typed; then the account's name. */
  name: string;
  role: string;
  memberSince: Date;
  invitedAt: Date | null;
  /** Invited by e-mail and not accepted yet (an existing account) or not logged in since. */
  pending: boolean;
  /** An existing account that has not accepted the membership yet (it gives no access). */
  awaitingAcceptance: boolean;
  /** The invitation created the account. */
  createdAccount: boolean;
  interfaceLanguage: string;
}

export interface MembershipRow {
  schoolId: string;
  role: string;
  viaBoard: boolean;
}

/** Queries about staff accounts and memberships. */
@Injectable()
export class StaffRepository {
  constructor(
    @InjectRepository(Staff) private readonly staff: Repository<Staff>,
    @InjectRepository(Membership) private readonly memberships: Repository<Membership>,
  ) {}

  findById(id: string): Promise<Staff | null> {
    return this.staff.findOneBy({ id });
  }

  findByEmailWithHash(email: string): Promise<Staff | null> {
    return this.staff
      .createQueryBuilder('s')
      .addSelect('s.password_hash', 's_password_hash')
      .where('s.email = :email', { email: email.toLowerCase() })
      .getOne();
  }

  /**
   * Effective school roles: direct memberships plus schools of boards the staff administers.
   * A membership its owner has not accepted yet gives no access at all.
   */
  async schoolRoles(staffId: string): Promise<{ roles: MembershipRow[]; boards: string[] }> {
    const rows: { school_id: string; role: string; via_board: boolean }[] =
      await this.memberships.query(
        `SELECT m.school_id, m.role, false AS via_board FROM membership m
        WHERE m.staff_id = $1 AND m.school_id IS NOT NULL AND m.accepted_at IS NOT NULL
       UNION ALL
       SELECT s.id, 'school_admin', true FROM membership m JOIN school s ON s.board_id = m.board_id
        WHERE m.staff_id = $1 AND m.role = 'board_admin' AND m.accepted_at IS NOT NULL`,
        [staffId],
      );
    const boards: { board_id: string }[] = await this.memberships.query(
      `SELECT board_id FROM membership
        WHERE staff_id = $1 AND role = 'board_admin' AND accepted_at IS NOT NULL`,
      [staffId],
    );
    return {
      roles: rows.map((r) => ({ schoolId: r.school_id, role: r.role, viaBoard: r.via_board })),
      boards: boards.map((b) => b.board_id),
    };
  }

  /**
   * A staff member and their effective roles in one round trip (every authenticated request
   * needs them): the same rules as schoolRoles, aggregated in the database.
   */
  async actorData(staffId: string): Promise<ActorData | null> {
    const [row]: ActorRow[] = await this.memberships.query(ACTOR_SQL, [staffId]);
    return row ? actorDataOf(row) : null;
  }

  listForSchool(schoolId: string): Promise<{ staff: Staff; membership: Membership }[]> {
    return this.memberships
      .createQueryBuilder('m')
      .innerJoinAndMapOne('m.staffMember', Staff, 's', 's.id = m.staff_id')
      .where('m.school_id = :schoolId', { schoolId })
      .orderBy('s.name', 'ASC')
      .getMany()
      .then((rows) =>
        rows.map((m) => ({
          staff: (m as Membership & { staffMember: Staff }).staffMember,
          membership: m,
        })),
      );
  }

  /**
   * The school's staff with the state of their invitation, in one query. An invitation is
   * open until the person logs in after it (for a new and an existing account alike), and
   * for an account that existed, until its owner accepts it through the e-mailed link.
   */
  async membersOf(schoolId: string, staffId?: string): Promise<SchoolMemberRow[]> {
    const rows: {
      staff_id: string;
      email: string;
      name: string;
      role: string;
      created_at: Date;
      invited_at: Date | null;
      pending: boolean;
      awaiting: boolean;
      created_account: boolean;
      interface_language: string;
    }[] = await this.memberships.query(
      `SELECT x.*, CASE WHEN x.pending THEN coalesce(x.invited_name, x.account_name) ELSE x.account_name END AS name
         FROM (
           SELECT s.id AS staff_id, s.email, s.name AS account_name, s.interface_language,
                  m.role, m.created_at, m.invited_at, m.invited_name, m.created_account,
                  m.accepted_at IS NULL AS awaiting,
                  (m.accepted_at IS NULL OR (m.invited_at IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM audit_log a
                     WHERE a.entity_type = 'staff' AND a.entity_id = s.id::text
                       AND a.action = 'login.succeeded' AND a.at >= m.invited_at))) AS pending
             FROM membership m JOIN staff s ON s.id = m.staff_id
            WHERE m.school_id = $1 AND ($2::uuid IS NULL OR m.staff_id = $2::uuid)
         ) x
        ORDER BY lower(CASE WHEN x.pending THEN coalesce(x.invited_name, x.account_name) ELSE x.account_name END), x.email`,
      [schoolId, staffId ?? null],
    );
    return rows.map((r) => ({
      staffId: r.staff_id,
      email: r.email,
      name: r.name,
      role: r.role,
      memberSince: r.created_at,
      invitedAt: r.invited_at,
      pending: r.pending,
      awaitingAcceptance: r.awaiting,
      createdAccount: r.created_account,
      interfaceLanguage: r.interface_language,
    }));
  }

  /** Names of staff accounts by id, in one query (for a page that names who did what). */
  async namesOf(ids: string[]): Promise<{ id: string; name: string }[]> {
    const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (!valid.length) return [];
    return this.staff.find({ select: { id: true, name: true }, where: { id: In(valid) } });
  }

  /** Names of schools by id, ordered by name (for /me and invitation e-mails). */
  async schoolNames(ids: string[]): Promise<{ id: string; name: string }[]> {
    const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (!valid.length) return [];
    return this.memberships.query(
      `SELECT id, name FROM school WHERE id = ANY($1::uuid[]) ORDER BY name`,
      [valid],
    );
  }

  findMembership(
    schoolId: string,
    staffId: string,
    manager?: EntityManager,
  ): Promise<Membership | null> {
    return (manager?.getRepository(Membership) ?? this.memberships).findOneBy({
      schoolId,
      staffId,
    });
  }
}

/** Who a staff member is and what they may do, as a request's Actor is built from it. */
export interface ActorData {
  staff: Pick<Staff, 'id' | 'email' | 'name' | 'interfaceLanguage' | 'isPlatformAdmin'>;
  roles: MembershipRow[];
  boards: string[];
  /** The names of those schools, by name. */
  schoolNames: (readonly [string, string])[];
}

export interface ActorRow {
  id: string;
  email: string;
  name: string;
  interface_language: string;
  is_platform_admin: boolean;
  roles: { school_id: string; role: string; via_board: boolean; school_name: string }[];
  boards: string[];
}

/**
 * A staff member ($1) with their accepted roles per school (a board admin is school admin of
 * the board's schools) and boards, in one row. Exported so that authentication can read it in
 * the same statement as the token's state (see ActorResolver.resolveToken).
 */
export const ACTOR_SQL = actorSql('$1');

/** ACTOR_SQL for the staff member whose id is an SQL expression (a parameter or a column). */
export function actorSql(staffId: string): string {
  return `SELECT s.id, s.email, s.name, s.interface_language, s.is_platform_admin,
              COALESCE((
                SELECT json_agg(r ORDER BY r.school_name, r.school_id) FROM (
                  SELECT m.school_id, m.role, false AS via_board, sc.name AS school_name
                    FROM membership m JOIN school sc ON sc.id = m.school_id
                   WHERE m.staff_id = s.id AND m.accepted_at IS NOT NULL
                  UNION ALL
                  SELECT sc.id, 'school_admin', true, sc.name FROM membership m JOIN school sc ON sc.board_id = m.board_id
                   WHERE m.staff_id = s.id AND m.role = 'board_admin' AND m.accepted_at IS NOT NULL
                ) r), '[]'::json) AS roles,
              ARRAY(SELECT m.board_id::text FROM membership m
                     WHERE m.staff_id = s.id AND m.role = 'board_admin' AND m.accepted_at IS NOT NULL) AS boards
         FROM staff s WHERE s.id = ${staffId}`;
}

export function actorDataOf(row: ActorRow): ActorData {
  return {
    staff: {
      id: row.id,
      email: row.email,
      name: row.name,
      interfaceLanguage: row.interface_language,
      isPlatformAdmin: row.is_platform_admin,
    },
    roles: row.roles.map((r) => ({ schoolId: r.school_id, role: r.role, viaBoard: r.via_board })),
    boards: row.boards,
    schoolNames: row.roles.map((r) => [r.school_id, r.school_name] as const),
  };
}
