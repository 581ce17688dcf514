import { Injectable } from '@nestjs/common';
import { Actor, SchoolRole } from '../common/auth/actor';
import { UnauthenticatedError } from '../common/errors/domain-error';
import { StaffRepository } from '../staff/staff.repository';

const RANK: Record<SchoolRole, number> = { viewer: 1, coordinator: 2, school_admin: 3 };

/** Builds the Actor of a request from the database, every time (no cached roles). */
@Injectable()
export class ActorResolver {
  constructor(private readonly staff: StaffRepository) {}

  async resolve(
    staffId: string,
    ip: string | undefined,
    requestId: string | undefined,
  ): Promise<Actor> {
    const found = await this.staff.actorData(staffId);
    if (!found)
      throw new UnauthenticatedError('auth.token_invalid', 'The access token is not valid.');
    const { staff: member, roles, boards } = found;
    const schoolRoles = new Map<string, SchoolRole>();
    for (const { schoolId, role } of roles) {
      const r = role as SchoolRole;
      const current = schoolRoles.get(schoolId);
      if (!current || RANK[r] > RANK[current]) schoolRoles.set(schoolId, r);
    }
    return {
      kind: 'staff',
      staffId,
      email: member.email,
      name: member.name,
      interfaceLanguage: member.interfaceLanguage,
      isPlatformAdmin: member.isPlatformAdmin,
      schoolRoles,
      adminOfBoards: boards,
      ip,
      requestId,
    };
  }
}
