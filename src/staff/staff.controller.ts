import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../common/auth/actor';
import { CurrentActor, SchoolAccess } from '../common/auth/access.decorators';
import { API_V1 } from '../common/http/api';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { IdParam, SchoolIdParam } from '../common/http/id.pipe';
import { AddStaffDto, ChangeRoleDto, StaffMemberDto } from './dto/staff.dto';
import { StaffService } from './staff.service';

@ApiTags('staff')
@ApiBearerAuth()
@SchoolAccess('admin')
@Controller(`${API_V1}/schools/:schoolId/staff`)
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Post()
  @ApiCreatedResponse({
    type: StaffMemberDto,
    description: 'Added; a new account gets a one-time password when none was given',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  async add(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @Body() body: AddStaffDto,
  ): Promise<StaffMemberDto> {
    const added = await this.staff.addToSchool(actor, schoolId, body, body.role);
    return {
      id: added.staff.id,
      email: added.staff.email,
      name: added.staff.name,
      role: added.membership.role,
      memberSince: added.membership.createdAt,
      ...(added.temporaryPassword ? { temporaryPassword: added.temporaryPassword } : {}),
    };
  }

  @Get()
  @ApiOkResponse({ type: [StaffMemberDto] })
  @ApiProblems(401, 403, 404)
  async list(@SchoolIdParam() schoolId: string): Promise<StaffMemberDto[]> {
    const rows = await this.staff.list(schoolId);
    return rows.map(({ staff, membership }) => ({
      id: staff.id,
      email: staff.email,
      name: staff.name,
      role: membership.role,
      memberSince: membership.createdAt,
    }));
  }

  @Patch(':staffId')
  @ApiOkResponse({ description: 'Role changed' })
  @ApiProblems(400, 401, 403, 404, 409)
  async changeRole(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('staffId', 'Staff member') staffId: string,
    @Body() body: ChangeRoleDto,
  ): Promise<{ id: string; role: string }> {
    const m = await this.staff.changeRole(actor, schoolId, staffId, body.role);
    return { id: staffId, role: m.role };
  }

  @Delete(':staffId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Membership removed; takes effect on the next request' })
  @ApiProblems(401, 403, 404, 409)
  async remove(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('staffId', 'Staff member') staffId: string,
  ): Promise<void> {
    await this.staff.removeFromSchool(actor, schoolId, staffId);
  }
}
