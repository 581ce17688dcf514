import { Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/auth/actor';
import { CurrentActor } from '../common/auth/access.decorators';
import { API_V1 } from '../common/http/api';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { IdParam, SchoolIdParam } from '../common/http/id.pipe';
import {
  NotificationDetailDto,
  NotificationPageDto,
  NotificationSummaryDto,
  TaskDto,
  TaskPageDto,
  toSummary,
} from './dto/notification-output.dto';
import { PageQueryDto } from '../common/http/page-query.dto';
import { NotificationQueryDto } from './dto/notification-query.dto';
import { NotificationQueriesService } from './notification-queries.service';

/** Messages to parents as staff see them: delivery state, the text, retries, tasks and letters. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller(`${API_V1}/schools/:schoolId`)
export class NotificationsController {
  constructor(private readonly queries: NotificationQueriesService) {}

  @Get('notifications')
  @ApiOperation({ summary: 'Messages to parents, newest first, with their delivery state' })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiProblems(400, 401, 403, 404)
  async list(
    @SchoolIdParam() schoolId: string,
    @Query() query: NotificationQueryDto,
  ): Promise<NotificationPageDto> {
    const { page = 1, pageSize = 50, ...filters } = query;
    const result = await this.queries.list(schoolId, filters, page, pageSize);
    return { items: result.items.map(toSummary), page, pageSize, total: result.total };
  }

  @Get('notifications/:notificationId')
  @ApiOperation({
    summary: 'One message with its text (as sent, or a preview); the read is audited',
  })
  @ApiOkResponse({ type: NotificationDetailDto })
  @ApiProblems(401, 403, 404)
  async get(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('notificationId', 'Notification') id: string,
  ): Promise<NotificationDetailDto> {
    const { notification: n, rendering } = await this.queries.get(actor, schoolId, id);
    return {
      ...toSummary(n),
      subject: n.subject,
      bodyText: n.bodyText,
      bodyHtml: n.bodyHtml,
      rendering,
      messageId: n.messageId,
      taskDoneAt: n.taskDoneAt,
      taskOutcome: n.taskOutcome,
    };
  }

  @Post('notifications/:notificationId/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a failed or dead message again, now' })
  @ApiOkResponse({ type: NotificationSummaryDto })
  @ApiProblems(401, 403, 404, 409)
  async retry(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('notificationId', 'Notification') id: string,
  ): Promise<NotificationSummaryDto> {
    return toSummary(await this.queries.retry(actor, schoolId, id));
  }

  @Get('notifications/:notificationId/letter')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "A printable letter (parent's language and Dutch) for the child's school bag; audited",
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'HTML page ready to print', schema: { type: 'string' } })
  @ApiProblems(401, 403, 404)
  async letter(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('notificationId', 'Notification') id: string,
  ): Promise<string> {
    return this.queries.letter(actor, schoolId, id);
  }

  @Get('tasks')
  @ApiOperation({
    summary: 'Open tasks: messages a consultant passes on by phone, in person or on paper',
  })
  @ApiOkResponse({ type: TaskPageDto })
  @ApiProblems(400, 401, 403, 404)
  async tasks(
    @SchoolIdParam() schoolId: string,
    @Query() query: PageQueryDto,
  ): Promise<TaskPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const result = await this.queries.openTasks(schoolId, page, pageSize);
    return {
      items: result.items.map(({ notification: n, parentName }): TaskDto => ({
        id: n.id,
        kind: n.kind,
        parentId: n.parentId,
        parentName,
        language: n.language,
        title: n.subject,
        reason: n.recipient?.replace(/^task: /, '') ?? null,
        createdAt: n.createdAt,
      })),
      page,
      pageSize,
      total: result.total,
    };
  }

  @Post('tasks/:notificationId/done')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a task as done (the message was passed on); audited' })
  @ApiOkResponse({ type: NotificationSummaryDto })
  @ApiProblems(401, 403, 404)
  async taskDone(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('notificationId', 'Task') id: string,
  ): Promise<NotificationSummaryDto> {
    return toSummary(await this.queries.markTaskDone(actor, schoolId, id));
  }
}
