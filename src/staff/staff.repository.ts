import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Membership } from './membership.entity';
import { Staff } from './staff.entity';

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

  /** Effective school roles: direct memberships plus schools of boards the staff administers. */
  async schoolRoles(staffId: string): Promise<{ roles: MembershipRow[]; boards: string[] }> {
    const rows: { school_id: string; role: string; via_board: boolean }[] =
      await this.memberships.query(
        `SELECT m.school_id, m.role, false AS via_board FROM membership m WHERE m.staff_id = $1 AND m.school_id IS NOT NULL
       UNION ALL
       SELECT s.id, 'school_admin', true FROM membership m JOIN school s ON s.board_id = m.board_id
        WHERE m.staff_id = $1 AND m.role = 'board_admin'`,
        [staffId],
      );
    const boards: { board_id: string }[] = await this.memberships.query(
      `SELECT board_id FROM membership WHERE staff_id = $1 AND role = 'board_admin'`,
      [staffId],
    );
    return {
      roles: rows.map((r) => ({ schoolId: r.school_id, role: r.role, viaBoard: r.via_board })),
      boards: boards.map((b) => b.board_id),
    };
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
