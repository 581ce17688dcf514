import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../database/raw-rows';
import { Actor, SchoolRole } from '../common/auth/actor';
import { UnauthenticatedError } from '../common/errors/domain-error';
import {
  ACTOR_SQL,
  ActorData,
  actorDataOf,
  ActorRow,
  actorSql,
  StaffRepository,
} from '../staff/staff.repository';
import { ActiveSession, SessionRow, StaffSessionService } from './staff-session.service';
import { assertCurrent, TOKEN_STATE_COLUMNS, TokenState, VerifiedToken } from './token.service';

/** The actor and the state of their token ($1 staff id, $2 token id), in one statement. */
const TOKEN_ACTOR_SQL = `SELECT a.*, ${TOKEN_STATE_COLUMNS('$2', '$1')} FROM (${ACTOR_SQL}) a`;

const RANK: Record<SchoolRole, number> = { viewer: 1, coordinator: 2, school_admin: 3 };

/** Builds the Actor of a request from the database, every time (no cached roles). */
@Injectable()
export class ActorResolver {
  constructor(
    private readonly staff: StaffRepository,
    private readonly dataSource: DataSource,
    private readonly sessions: StaffSessionService,
  ) {}

  /**
   * The live session behind a workspace cookie and its staff member's actor, read in one
   * statement; undefined when there is no such session.
   */
  async resolveSession(
    secret: string | undefined,
    ip: string | undefined,
    requestId: string | undefined,
  ): Promise<{ session: ActiveSession; actor: Actor } | undefined> {
    const lookup = this.sessions.lookup(secret);
    if (!lookup) return undefined;
    const [row] = await preparedQuery<SessionRow & Partial<ActorRow>>(
      this.dataSource,
      `SELECT sess.*, a.* FROM (${lookup.sql}) sess
         LEFT JOIN LATERAL (${actorSql('sess.session_staff_id')}) a ON true`,
      lookup.params,
    );
    if (!row) return undefined;
    const session = await this.sessions.found(row);
    const data = row.id ? actorDataOf(row as ActorRow) : null;
    return { session, actor: this.actorOf(session.staffId, data, ip, requestId) };
  }

  /**
   * The actor behind a verified access token, with the token's state (logged out, issued
   * before a password change) checked in the same statement: an API request's one query
   * before its own.
   */
  async resolveToken(
    token: VerifiedToken,
    ip: string | undefined,
    requestId: string | undefined,
  ): Promise<Actor> {
    const [row] = await preparedQuery<ActorRow & TokenState>(this.dataSource, TOKEN_ACTOR_SQL, [
      token.staffId,
      token.jti,
    ]);
    if (row) assertCurrent(token, row);
    return this.actorOf(token.staffId, row ? actorDataOf(row) : null, ip, requestId);
  }

  async resolve(
    staffId: string,
    ip: string | undefined,
    requestId: string | undefined,
  ): Promise<Actor> {
    return this.actorOf(staffId, await this.staff.actorData(staffId), ip, requestId);
  }

  private actorOf(
    staffId: string,
    found: ActorData | null,
    ip: string | undefined,
    requestId: string | undefined,
  ): Actor {
    if (!found)
      throw new UnauthenticatedError('auth.token_invalid', 'The access token is not valid.');
    const { staff: member, roles, boards, schoolNames } = found;
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
      schoolNames: new Map(schoolNames),
      ip,
      requestId,
    };
  }
}
