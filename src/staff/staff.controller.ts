import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../common/auth/actor';
import { CurrentActor, SchoolAccess } from '../common/auth/access.decorators';
import { API_V1 } from '../common/http/api';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { IdParam, SchoolIdParam } from '../common/http/id.pipe';
import { AddStaffDto, ChangeRoleDto, StaffMemberDto } from './dto/staff.dto';
import { StaffInvitations } from './staff-invitations';
import { StaffService } from './staff.service';

@ApiTags('staff')
@ApiBearerAuth()
@SchoolAccess('admin')
@Controller(`${API_V1}/schools/:schoolId/staff`)
export class StaffController {
  constructor(
    private readonly staff: StaffService,
    private readonly invitations: StaffInvitations,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Invite a staff member into the school with a role (school admins)',
    description:
      "Nobody sets another person's password. A new address gets an account without a usable " +
      'password and an e-mail with a one-time link (valid for 7 days) to choose one; an address ' +
      'that has an account already keeps its password and name, and gets an e-mail with a ' +
      'one-time link to accept or decline: until it accepts, the membership is pending and gives ' +
      'no access. The answer is the same in both cases (name is the name you typed), so it ' +
      'never tells whether an address has an account elsewhere. A `password` field is refused.',
  })
  @ApiCreatedResponse({ type: StaffMemberDto, description: 'Invited; the e-mail is on its way' })
  @ApiProblems(400, 401, 403, 404, 409)
  async add(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @Body() body: AddStaffDto,
  ): Promise<StaffMemberDto> {
    const school = await this.staff.school(schoolId);
    const invited = await this.invitations.invite(actor, school, body, body.role);
    return {
      id: invited.staffId,
      email: invited.email,
      name: invited.invitedName,
      role: invited.role,
      memberSince: invited.memberSince,
      pending: true,
    };
  }

  @Get()
  @ApiOperation({ summary: "The school's staff members and their roles" })
  @ApiOkResponse({ type: [StaffMemberDto] })
  @ApiProblems(401, 403, 404)
  async list(@SchoolIdParam() schoolId: string): Promise<StaffMemberDto[]> {
    const rows = await this.staff.members(schoolId);
    return rows.map((m) => ({
      id: m.staffId,
      email: m.email,
      name: m.name,
      role: m.role,
      memberSince: m.memberSince,
      pending: m.pending,
    }));
  }

  @Patch(':staffId')
  @ApiOperation({ summary: "Change a staff member's role (school admin)" })
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
  @ApiOperation({ summary: 'Remove a staff member from the school (school admin)' })
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
