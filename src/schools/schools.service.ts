import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../common/errors/domain-error';
import { MatchingError, resolveWeights } from '../matching/engine';
import { StaffInvitations } from '../staff/staff-invitations';
import { Invitation, StaffService } from '../staff/staff.service';
import { Board } from './board.entity';
import { CreateSchoolDto, SchoolSettingsDto, UpdateSchoolDto } from './dto/school.dto';
import { DEFAULT_SCHOOL_SETTINGS, mergeSettings, SchoolSettings } from './school-settings';
import { School } from './school.entity';

@Injectable()
export class SchoolsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly staff: StaffService,
    private readonly invitations: StaffInvitations,
    private readonly audit: AuditService,
  ) {}

  async createBoard(actor: Actor, name: string): Promise<Board> {
    if (!actor.isPlatformAdmin)
      throw new ForbiddenError(
        'access.platform_admin_only',
        'Only platform administrators may create boards.',
      );
    const inserted = await this.dataSource.manager.insert(Board, { name });
    return this.dataSource.manager.findOneByOrFail(Board, {
      id: inserted.identifiers[0].id as string,
    });
  }

  /**
   * Invites a board administrator. A new address gets a link to choose a password; an
   * existing account gets a link to accept (pending until then). The answer is the same.
   */
  async addBoardAdmin(
    actor: Actor,
    boardId: string,
    person: { email: string; name: string; interfaceLanguage?: string },
  ): Promise<Invitation> {
    if (!actor.isPlatformAdmin && !actor.adminOfBoards.includes(boardId))
      throw new ForbiddenError(
        'access.platform_admin_only',
        'Only platform administrators or the board’s administrators may add board administrators.',
      );
    const invitation = await this.staff.inviteBoardAdmin(actor, boardId, person);
    const board = await this.dataSource.manager.findOneByOrFail(Board, { id: boardId });
    void this.invitations.send(invitation, board.name, actor);
    return invitation;
  }

  listBoards(actor: Actor): Promise<Board[]> {
    if (actor.isPlatformAdmin)
      return this.dataSource.manager.find(Board, { order: { name: 'ASC' } });
    return this.dataSource.manager.find(Board, {
      where: { id: In([...actor.adminOfBoards]) },
      order: { name: 'ASC' },
    });
  }

  /** Platform admins create any school; a board admin creates schools in their board. */
  async create(
    actor: Actor,
    dto: CreateSchoolDto,
  ): Promise<{ school: School; firstAdmin?: Invitation }> {
    const allowed =
      actor.isPlatformAdmin ||
      (dto.boardId !== undefined && actor.adminOfBoards.includes(dto.boardId));
    if (!allowed)
      throw new ForbiddenError(
        'access.platform_admin_only',
        'Only platform or board administrators may create schools.',
      );
    const created = await this.dataSource.transaction(async (m) => {
      if (dto.boardId && !(await m.existsBy(Board, { id: dto.boardId })))
        throw new ValidationError(
          'school.unknown_board',
          'boardId does not name an existing board.',
          [{ field: 'boardId', messages: ['boardId does not name an existing board'] }],
        );
      if (await m.existsBy(School, { brin: dto.brin }))
        throw new ConflictError(
          'school.brin_taken',
          `A school with BRIN ${dto.brin} exists already.`,
        );
      const settings = this.applySettings(DEFAULT_SCHOOL_SETTINGS, dto.settings);
      const inserted = await m.insert(School, {
        name: dto.name,
        brin: dto.brin,
        city: dto.city,
        kind: dto.kind,
        defaultLanguage: dto.defaultLanguage ?? 'nl',
        boardId: dto.boardId ?? null,
        settings,
      });
      const school = await m.findOneByOrFail(School, { id: inserted.identifiers[0].id as string });
      await this.audit.record(
        actor,
        { schoolId: school.id, action: 'school.create', entityType: 'school', entityId: school.id },
        m,
      );
      // Invited like any colleague: nobody chooses the first admin's password for them.
      const firstAdmin = dto.firstAdmin
        ? await this.staff.inviteToSchool(actor, school.id, dto.firstAdmin, 'school_admin', m)
        : undefined;
      return { school, firstAdmin };
    });
    if (created.firstAdmin)
      void this.invitations.send(created.firstAdmin, created.school.name, actor);
    return created;
  }

  /** Schools the actor may see: all for a platform admin, else those with a membership. */
  listVisible(actor: Actor): Promise<School[]> {
    if (actor.isPlatformAdmin)
      return this.dataSource.manager.find(School, { order: { name: 'ASC' } });
    const ids = [...actor.schoolRoles.keys()];
    if (!ids.length) return Promise.resolve([]);
    return this.dataSource.manager.find(School, { where: { id: In(ids) }, order: { name: 'ASC' } });
  }

  async get(schoolId: string): Promise<School> {
    const school = await this.dataSource.manager.findOneBy(School, { id: schoolId });
    if (!school) throw new NotFoundError('School');
    return school;
  }

  namesOf(ids: string[]): Promise<{ id: string; name: string }[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.dataSource.manager.find(School, {
      select: { id: true, name: true },
      where: { id: In(ids) },
      order: { name: 'ASC' },
    });
  }

  async update(actor: Actor, schoolId: string, dto: UpdateSchoolDto): Promise<School> {
    return this.dataSource.transaction(async (m) => {
      const school = await m.findOne(School, {
        where: { id: schoolId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!school) throw new NotFoundError('School');
      const settings = dto.settings
        ? this.applySettings(school.settings, dto.settings)
        : school.settings;
      const { settings: _ignored, ...fields } = dto;
      await m.update(School, { id: schoolId }, { ...fields, settings });
      await this.audit.record(
        actor,
        {
          schoolId,
          action: 'school.update',
          entityType: 'school',
          entityId: schoolId,
          details: { fields: Object.keys(dto) },
        },
        m,
      );
      return m.findOneByOrFail(School, { id: schoolId });
    });
  }

  private applySettings(
    current: SchoolSettings,
    patch: SchoolSettingsDto | undefined,
  ): SchoolSettings {
    if (!patch) return current;
    const merged = mergeSettings(current, patch);
    try {
      // The engine's own check: known keys, whole numbers 0..1000, consistent caps.
      resolveWeights(merged.matching.weights);
    } catch (err) {
      if (!(err instanceof MatchingError)) throw err;
      const key = typeof err.details?.key === 'string' ? err.details.key : '';
      const field = key ? `settings.matching.weights.${key}` : 'settings.matching.weights';
      throw new ValidationError('school.invalid_weight', `${field}: ${err.message}`, [
        { field, messages: [err.message] },
      ]);
    }
    return merged;
  }
}
