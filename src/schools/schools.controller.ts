import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiQuery,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../common/auth/actor';
import { CurrentActor, SchoolAccess } from '../common/auth/access.decorators';
import { API_V1 } from '../common/http/api';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { IdParam, SchoolIdParam } from '../common/http/id.pipe';
import { parsePeriod } from '../dashboard/dashboard.service';
import { BoardOverview, BoardOverviewService } from './board-overview.service';
import {
  BoardAdminDto,
  BoardDashboardDto,
  BoardDto,
  CreateBoardDto,
  FirstAdminDto,
  CreatedSchoolDto,
  CreateSchoolDto,
  SchoolDto,
  UpdateSchoolDto,
} from './dto/school.dto';
import { School } from './school.entity';
import { SchoolsService } from './schools.service';

const toDto = (s: School): SchoolDto => ({
  id: s.id,
  boardId: s.boardId,
  name: s.name,
  brin: s.brin,
  city: s.city,
  kind: s.kind,
  defaultLanguage: s.defaultLanguage,
  settings: s.settings,
  createdAt: s.createdAt,
});

@ApiTags('schools')
@ApiBearerAuth()
@Controller(API_V1)
export class SchoolsController {
  constructor(
    private readonly schools: SchoolsService,
    private readonly boards: BoardOverviewService,
  ) {}

  @Post('boards')
  @ApiOperation({ summary: 'Create a school board (platform admin)' })
  @ApiCreatedResponse({ type: BoardDto })
  @ApiProblems(400, 401, 403)
  async createBoard(@CurrentActor() actor: Actor, @Body() body: CreateBoardDto): Promise<BoardDto> {
    const b = await this.schools.createBoard(actor, body.name);
    return { id: b.id, name: b.name };
  }

  @Get('boards')
  @ApiOperation({ summary: 'The school boards you may see' })
  @ApiOkResponse({ type: [BoardDto] })
  @ApiProblems(401)
  async listBoards(@CurrentActor() actor: Actor): Promise<BoardDto[]> {
    return (await this.schools.listBoards(actor)).map((b) => ({ id: b.id, name: b.name }));
  }

  @Get('boards/:boardId/dashboard')
  @ApiOperation({
    summary: "A board's schools side by side (figures only, no names), and their total",
  })
  @ApiOkResponse({ type: BoardDashboardDto })
  @ApiQuery({
    name: 'period',
    required: false,
    enum: ['year', '3m', 'custom'],
    enumName: 'OverviewPeriod',
  })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD, with period=custom' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD, with period=custom' })
  @ApiProblems(401, 404, 422)
  boardDashboard(
    @CurrentActor() actor: Actor,
    @IdParam('boardId', 'Board') boardId: string,
    @Query() query: Record<string, unknown>,
  ): Promise<BoardOverview> {
    return this.boards.forBoard(actor, boardId, parsePeriod(query));
  }

  @Post('boards/:boardId/admins')
  @ApiOperation({
    summary: 'Add a board administrator (sees and manages every school of the board)',
    description:
      'Takes an address and a name, never a password. A new address gets an e-mail with a ' +
      'one-time link to choose a password; an existing account keeps its password and gets a ' +
      'one-time link to accept (no access until it does). The answer is the same in both cases.',
  })
  @ApiCreatedResponse({ type: BoardAdminDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async addBoardAdmin(
    @CurrentActor() actor: Actor,
    @IdParam('boardId', 'Board') boardId: string,
    @Body() body: FirstAdminDto,
  ): Promise<BoardAdminDto> {
    const added = await this.schools.addBoardAdmin(actor, boardId, body);
    return { id: added.staffId, email: added.email, boardId };
  }

  @Post('schools')
  @ApiOperation({
    summary:
      'Create a school (platform admin, or board admin within the board), optionally with its first admin',
  })
  @ApiCreatedResponse({ type: CreatedSchoolDto })
  @ApiProblems(400, 401, 403, 409, 422)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateSchoolDto,
  ): Promise<CreatedSchoolDto> {
    const { school, firstAdmin } = await this.schools.create(actor, body);
    return {
      ...toDto(school),
      ...(firstAdmin ? { firstAdmin: { id: firstAdmin.staffId, email: firstAdmin.email } } : {}),
    };
  }

  @Get('schools')
  @ApiOperation({ summary: 'The schools you may see' })
  @ApiOkResponse({ type: [SchoolDto] })
  @ApiProblems(401)
  async list(@CurrentActor() actor: Actor): Promise<SchoolDto[]> {
    return (await this.schools.listVisible(actor)).map(toDto);
  }

  @Get('schools/:schoolId')
  @ApiOperation({ summary: 'One school with its settings' })
  @SchoolAccess('aggregate')
  @ApiOkResponse({ type: SchoolDto })
  @ApiProblems(401, 404)
  async get(@SchoolIdParam() schoolId: string): Promise<SchoolDto> {
    return toDto(await this.schools.get(schoolId));
  }

  @Patch('schools/:schoolId')
  @SchoolAccess('admin')
  @ApiOperation({ summary: 'Change the school and its settings (school admin)' })
  @ApiOkResponse({ type: SchoolDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async update(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @Body() body: UpdateSchoolDto,
  ): Promise<SchoolDto> {
    return toDto(await this.schools.update(actor, schoolId, body));
  }
}
