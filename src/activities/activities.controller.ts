import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  Headers,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../common/auth/actor';
import { CurrentActor } from '../common/auth/access.decorators';
import { API_V1 } from '../common/http/api';
import { parseIfMatch } from '../common/http/etag';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { IdParam, SchoolIdParam } from '../common/http/id.pipe';
import { ActivitiesService } from './activities.service';
import { CalendarService } from './calendar.service';
import { ActivityQueryDto, CreateActivityDto, UpdateActivityDto } from './dto/activity-input.dto';
import {
  ActivityDto,
  ActivityPageDto,
  toActivityDto,
  toActivitySummary,
} from './dto/activity-output.dto';
import { HostSuggestionDto } from './dto/rsvp.dto';

const CALENDAR = 'text/calendar; charset=utf-8';

@ApiTags('activities')
@ApiBearerAuth()
@Controller(`${API_V1}/schools/:schoolId/activities`)
export class ActivitiesController {
  constructor(
    private readonly activities: ActivitiesService,
    private readonly calendar: CalendarService,
  ) {}

  @Post()
  @ApiOperation({
    summary:
      'Schedule an activity (times: ISO 8601 with offset, or local time with timeZone Europe/Amsterdam)',
  })
  @ApiCreatedResponse({ type: ActivityDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async create(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @Body() body: CreateActivityDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ActivityDto> {
    const created = await this.activities.schedule(actor, schoolId, body);
    const { activity, counts } = await this.activities.get(schoolId, created.id);
    res.setHeader('Location', `/${API_V1}/schools/${schoolId}/activities/${activity.id}`);
    res.setHeader('ETag', `"${activity.version}"`);
    return toActivityDto(activity, counts);
  }

  @Get()
  @ApiOperation({
    summary:
      'List activities: upcoming (soonest first) or past (latest first), by kind and status, paged',
  })
  @ApiOkResponse({ type: ActivityPageDto })
  @ApiProblems(400, 401, 403, 404)
  async list(
    @SchoolIdParam() schoolId: string,
    @Query() query: ActivityQueryDto,
  ): Promise<ActivityPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const result = await this.activities.list(
      schoolId,
      { when: query.when, kind: query.kind, status: query.status },
      page,
      pageSize,
    );
    return {
      items: result.items.map((a) => toActivitySummary(a, result.waitlists.get(a.id) ?? 0)),
      page,
      pageSize,
      total: result.total,
    };
  }

  // Before ':activityId', so "feed.ics" is not taken for an id.
  @Get('feed.ics')
  @Header('Content-Type', CALENDAR)
  @Header('Content-Disposition', 'inline; filename="activities.ics"')
  @ApiOperation({
    summary:
      "The school's activities as an iCalendar feed (from 30 days ago on; cancelled ones marked)",
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar (RFC 5545)', schema: { type: 'string' } })
  @ApiProblems(401, 404)
  feed(@SchoolIdParam() schoolId: string): Promise<string> {
    return this.calendar.feed(schoolId);
  }

  @Get(':activityId')
  @ApiOperation({ summary: 'One activity with its places and version' })
  @ApiOkResponse({ type: ActivityDto })
  @ApiProblems(401, 403, 404)
  async get(
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ActivityDto> {
    const { activity, counts } = await this.activities.get(schoolId, id);
    res.setHeader('ETag', `"${activity.version}"`);
    return toActivityDto(activity, counts);
  }

  @Patch(':activityId')
  @ApiOperation({
    summary:
      'Change an activity; those signed up are told about changes of time, place or what is offered',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag from GET, e.g. "3" (optional)',
  })
  @ApiOkResponse({ type: ActivityDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async update(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') id: string,
    @Body() body: UpdateActivityDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ActivityDto> {
    await this.activities.update(actor, schoolId, id, body, parseIfMatch(ifMatch, 'activity'));
    const { activity, counts } = await this.activities.get(schoolId, id);
    res.setHeader('ETag', `"${activity.version}"`);
    return toActivityDto(activity, counts);
  }

  @Delete(':activityId')
  @ApiOperation({
    summary:
      'Cancel an activity: everyone signed up or on the waitlist is told; the activity stays, marked cancelled',
  })
  @ApiOkResponse({ type: ActivityDto })
  @ApiProblems(401, 403, 404, 409)
  async cancel(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') id: string,
  ): Promise<ActivityDto> {
    await this.activities.cancel(actor, schoolId, id);
    const { activity, counts } = await this.activities.get(schoolId, id);
    return toActivityDto(activity, counts);
  }

  @Get(':activityId/hosts/suggestions')
  @ApiOperation({
    summary:
      'Parents whose intake skills fit the kind (e.g. cooking for cooking_together), with consent for activities',
  })
  @ApiOkResponse({ type: [HostSuggestionDto] })
  @ApiProblems(401, 403, 404)
  hostSuggestions(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') id: string,
  ): Promise<HostSuggestionDto[]> {
    return this.activities.hostSuggestions(actor, schoolId, id);
  }

  @Get(':activityId/calendar.ics')
  @Header('Content-Type', CALENDAR)
  @Header('Content-Disposition', 'attachment; filename="activity.ics"')
  @ApiOperation({ summary: 'The activity as a calendar file' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar (RFC 5545)', schema: { type: 'string' } })
  @ApiProblems(401, 404)
  calendarFile(
    @SchoolIdParam() schoolId: string,
    @IdParam('activityId', 'Activity') id: string,
  ): Promise<string> {
    return this.calendar.forActivity(schoolId, id);
  }
}
