import { Body, Controller, Delete, Get, HttpCode, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../common/auth/actor';
import { CurrentActor } from '../common/auth/access.decorators';
import { API_V1 } from '../common/http/api';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { IdParam, SchoolIdParam } from '../common/http/id.pipe';
import { AttendanceService } from './attendance.service';
import { InvitationResultDto, InviteDto } from './dto/invitation.dto';
import {
  AttendanceEntryDto,
  AttendanceInputDto,
  AttendanceResultDto,
  RsvpInputDto,
  RsvpListDto,
  RsvpOutcomeDto,
} from './dto/rsvp.dto';
import { InvitationsService } from './invitations.service';
import { RsvpService } from './rsvp.service';

/** Invitations, sign-ups and attendance of one activity (staff acting for parents). */
@ApiTags('activities')
@ApiBearerAuth()
@Controller(`${API_V1}/schools/:schoolId/activities/:activityId`)
export class ActivityParticipantsController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly rsvps: RsvpService,
    private readonly attendance: AttendanceService,
  ) {}

  @Post('invitations')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Invite an audience; each parent once per activity, in their own language, with consent for activities only',
  })
  @ApiOkResponse({ type: InvitationResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  invite(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') activityId: string,
    @Body() body: InviteDto,
  ): Promise<InvitationResultDto> {
    return this.invitations.invite(actor, schoolId, activityId, body);
  }

  @Post('rsvps')
  @ApiOperation({
    summary:
      'Sign a parent up on their behalf: confirmed while places are left, else on the waitlist (201; 200 when already signed up)',
  })
  @ApiCreatedResponse({ type: RsvpOutcomeDto })
  @ApiOkResponse({ type: RsvpOutcomeDto, description: 'Already signed up: nothing changed' })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async signUp(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') activityId: string,
    @Body() body: RsvpInputDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RsvpOutcomeDto> {
    const outcome = await this.rsvps.signUp(
      actor,
      schoolId,
      activityId,
      body.parentId.toLowerCase(),
    );
    res.status(outcome.changed ? 201 : 200);
    return outcome;
  }

  @Get('rsvps')
  @ApiOperation({ summary: 'Confirmed sign-ups and the waitlist, in order' })
  @ApiOkResponse({ type: RsvpListDto })
  @ApiProblems(401, 403, 404)
  list(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') activityId: string,
  ): Promise<RsvpListDto> {
    return this.rsvps.list(actor, schoolId, activityId);
  }

  @Delete('rsvps/:parentId')
  @ApiOperation({
    summary: "Cancel a parent's sign-up; the first on the waitlist moves up and is told",
  })
  @ApiOkResponse({ type: RsvpOutcomeDto })
  @ApiProblems(401, 403, 404, 409)
  cancel(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') activityId: string,
    @IdParam('parentId', 'Parent') parentId: string,
  ): Promise<RsvpOutcomeDto> {
    return this.rsvps.cancel(actor, schoolId, activityId, parentId);
  }

  @Post('attendance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Register who came (idempotent); from one hour before the start' })
  @ApiOkResponse({ type: AttendanceResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  recordAttendance(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') activityId: string,
    @Body() body: AttendanceInputDto,
  ): Promise<AttendanceResultDto> {
    return this.attendance.record(actor, schoolId, activityId, body.parentIds);
  }

  @Get('attendance')
  @ApiOperation({ summary: 'Parents registered as present' })
  @ApiOkResponse({ type: [AttendanceEntryDto], description: 'By given name' })
  @ApiProblems(401, 403, 404)
  listAttendance(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') activityId: string,
  ) {
    return this.attendance.list(actor, schoolId, activityId);
  }

  @Delete('attendance/:parentId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take a parent off the attendance (registered by mistake)' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async removeAttendance(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') activityId: string,
    @IdParam('parentId', 'Parent') parentId: string,
  ): Promise<void> {
    await this.attendance.remove(actor, schoolId, activityId, parentId);
  }
}
