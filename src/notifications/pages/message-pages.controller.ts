import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import type { WorkspaceRequest } from '../../common/auth/access.decorators';
import { IdParam, SchoolIdParam } from '../../common/http/id.pipe';
import { I18nService } from '../../i18n/i18n.service';
import type { PageContext } from '../../workspace/page-context';
import { formErrorsFrom, optional, validateForm } from '../../workspace/forms';
import { WorkspacePage } from '../../workspace/workspace-page.decorator';
import { sendPage } from '../../workspace/workspace.controller';
import { WorkspaceService } from '../../workspace/workspace.service';
import { NotificationQueryDto } from '../dto/notification-query.dto';
import { NotificationQueriesService } from '../notification-queries.service';
import { messagesView, messageView } from './views/messages.view';

const PAGE_SIZE = 50;

/**
 * The messages sent to parents: what went out to whom, on which channel, in which language
 * and how it went; one message with its text as sent (links masked) and, when it failed,
 * why in plain words and a retry (the same as the API's).
 */
@Controller('schools/:schoolId/messages')
@WorkspacePage()
export class MessagePagesController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly queries: NotificationQueriesService,
    private readonly i18n: I18nService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Messages to parents, newest first, filtered by status and channel' })
  async list(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @Query() q: Record<string, unknown>,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-messages');
    const t = ctx.tr('ws-messages');
    const raw = q as Record<string, string | undefined>;
    const filter = { status: optional(raw, 'status'), channel: optional(raw, 'channel') };
    const form = await validateForm(
      NotificationQueryDto,
      { ...filter, ...(optional(raw, 'page') ? { page: optional(raw, 'page') } : {}) },
      t,
    );
    const languageName = (code: string): string => this.i18n.languageName(code, ctx.lang);
    if (!form.ok)
      return sendPage(
        res,
        messagesView(ctx, {
          rows: [],
          total: 0,
          page: 1,
          pageSize: PAGE_SIZE,
          filter,
          errors: form.errors,
          languageName,
        }),
        422,
      );
    const page = form.value.page ?? 1;
    const { items, total } = await this.queries.list(
      schoolId,
      { status: form.value.status, channel: form.value.channel },
      page,
      PAGE_SIZE,
    );
    const names = await this.queries.parentNames(
      schoolId,
      items.map((n) => n.parentId),
    );
    sendPage(
      res,
      messagesView(ctx, {
        rows: items.map((notification) => ({
          notification,
          parentName: (notification.parentId && names.get(notification.parentId)) || null,
        })),
        total,
        page,
        pageSize: PAGE_SIZE,
        filter,
        languageName,
      }),
    );
  }

  @Get(':notificationId')
  @ApiOperation({
    summary: 'One message with its text as sent (links masked); the read is audited',
  })
  async show(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('notificationId', 'Notification') id: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-messages');
    sendPage(res, await this.detail(ctx, schoolId, id));
  }

  @Post(':notificationId/retry')
  @HttpCode(303)
  @ApiOperation({ summary: 'Send a failed or dead message again, now (as the API does)' })
  async retry(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('notificationId', 'Notification') id: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-messages');
    try {
      await this.queries.retry(ctx.actor, schoolId, id);
    } catch (err) {
      const errors = formErrorsFrom(err, ctx.tr('ws-messages'));
      if (!errors) throw err;
      return sendPage(res, await this.detail(ctx, schoolId, id, errors), 409);
    }
    res.redirect(303, `/schools/${schoolId}/messages/${id}?done=retried`);
  }

  private async detail(
    ctx: PageContext,
    schoolId: string,
    id: string,
    errors?: { field: string; message: string }[],
  ): Promise<string> {
    const { notification, rendering } = await this.queries.get(ctx.actor, schoolId, id);
    const names = await this.queries.parentNames(schoolId, [notification.parentId]);
    return messageView(ctx, {
      notification,
      rendering,
      parentName: (notification.parentId && names.get(notification.parentId)) || null,
      languageName: (code) => this.i18n.languageName(code, ctx.lang),
      errors,
    });
  }
}
