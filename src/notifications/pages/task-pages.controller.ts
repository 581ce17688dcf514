import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import type { WorkspaceRequest } from '../../common/auth/access.decorators';
import { ValidationError } from '../../common/errors/domain-error';
import { isUuid, IdParam, SchoolIdParam } from '../../common/http/id.pipe';
import { I18nService } from '../../i18n/i18n.service';
import { chooseChannel } from '../../notifications/channel-choice';
import type { PageContext } from '../../workspace/page-context';
import {
  field,
  fields,
  formErrorsFrom,
  optional,
  validateForm,
  type FormBody,
} from '../../workspace/forms';
import { WorkspacePage } from '../../workspace/workspace-page.decorator';
import { sendPage } from '../../workspace/workspace.controller';
import { WorkspaceService } from '../../workspace/workspace.service';
import type { FieldError } from '../../workspace/views/components';
import { TaskDoneDto } from '../dto/task-done.dto';
import { recipientOf } from '../message-context';
import type { ActivityRef } from '../message-payloads';
import type { MessageSchool } from '../message-renderer';
import { NotificationQueriesService, StaffTask, TaskGroup } from '../notification-queries.service';
import { PrintedMessages } from '../printed-messages';
import { outcomesFor, taskReasonOf } from '../task-outcome';
import { TaskOutcomesService } from '../task-outcomes.service';
import { lettersView } from './views/letters.view';
import { TaskCard, tasksView } from './views/tasks.view';

const PAGE_SIZE = 10;
const LETTERS_PER_PRINT = 25;

/** A page number from the address: absent is 1, anything but a whole number ≥ 1 is a 422. */
function pageNumber(value: unknown, name: string): number {
  if (value === undefined || value === '') return 1;
  if (typeof value === 'string' && /^\d{1,6}$/.test(value) && Number(value) >= 1)
    return Number(value);
  throw new ValidationError('page.invalid', `${name} must be a whole number from 1.`, [
    { field: name, messages: [`${name} must be a whole number from 1`] },
  ]);
}

/**
 * The consultant's tasks: parents to call (the message in their language and in Dutch side
 * by side, the question to ask, the phone number), letters to print (with a QR code and a
 * short code), and closing a task with the parent's answer, recorded as the parent's own.
 */
@Controller('schools/:schoolId/tasks')
@WorkspacePage()
export class TaskPagesController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly queries: NotificationQueriesService,
    private readonly outcomes: TaskOutcomesService,
    private readonly printed: PrintedMessages,
    private readonly i18n: I18nService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Tasks: parents to call or speak to, and letters to print' })
  async list(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @Query() q: Record<string, unknown>,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-messages');
    const pages = { call: pageNumber(q.calls, 'calls'), letter: pageNumber(q.letters, 'letters') };
    sendPage(res, await this.render(ctx, schoolId, pages));
  }

  @Post(':taskId/done')
  @HttpCode(303)
  @ApiOperation({
    summary: "Close a task with its outcome; an answer is recorded as the parent's own answer",
  })
  async done(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('taskId', 'Task') taskId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-messages');
    const t = ctx.tr('ws-messages');
    const pages = {
      call: safePage(field(body, 'calls')),
      letter: safePage(field(body, 'letters')),
    };
    const outcome = optional(body, 'outcome');
    const reason = optional(body, 'reason');
    const again = async (errors: FieldError[], status = 422): Promise<void> =>
      sendPage(
        res,
        await this.render(ctx, schoolId, pages, { taskId, outcome, reason, errors }),
        status,
      );
    const form = await validateForm(TaskDoneDto, { outcome, reason }, t);
    if (!form.ok)
      return again(
        form.errors.map((e) =>
          e.field === 'outcome' ? { ...e, message: t('done.chooseOutcome') } : e,
        ),
      );
    try {
      await this.outcomes.record(ctx.actor, schoolId, taskId, form.value);
    } catch (err) {
      const errors = formErrorsFrom(err, t);
      if (!errors) throw err;
      return again(errors.map((e) => (e.field === '_form' ? { ...e, field: 'outcome' } : e)));
    }
    const answered = !['passed_on', 'letter_given', 'no_answer', 'not_coming', 'coming'].includes(
      form.value.outcome,
    );
    res.redirect(
      303,
      `/schools/${schoolId}/tasks?done=${answered ? 'answer_recorded' : 'task_done'}&calls=${pages.call}&letters=${pages.letter}`,
    );
  }

  @Get('letters')
  @ApiOperation({ summary: 'Every open letter on one printable page (one letter per sheet)' })
  async printAll(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @Query() q: Record<string, unknown>,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-messages');
    const t = ctx.tr('ws-messages');
    const page = pageNumber(q.page, 'page');
    const { letters, total } = await this.queries.printableLetters(ctx.actor, schoolId, {
      openLetters: { page, pageSize: LETTERS_PER_PRINT },
    });
    sendPage(
      res,
      lettersView(ctx, {
        title: t('letters.allTitle'),
        letters,
        intro: letters.length
          ? t('letters.allIntro', { count: letters.length, total })
          : t('letters.none'),
        paging: { page, pageSize: LETTERS_PER_PRINT, total },
        handedOver: {
          action: `/schools/${schoolId}/tasks/letters/given`,
          ids: letters.map((l) => l.notificationId),
          label: t('letters.allGiven', { count: letters.length }),
        },
      }),
    );
  }

  @Post('letters/given')
  @HttpCode(303)
  @ApiOperation({ summary: 'Mark the printed letters as handed over (closes their tasks)' })
  async allGiven(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-messages');
    const ids = fields(body, 'ids').slice(0, LETTERS_PER_PRINT * 2);
    if (!ids.length || ids.some((id) => !isUuid(id)))
      throw new ValidationError('tasks.invalid_ids', 'ids must be task ids.', [
        { field: 'ids', messages: ['ids must be task ids'] },
      ]);
    for (const id of ids) {
      const { notification } = await this.queries.task(schoolId, id.toLowerCase());
      if (notification.taskDoneAt) continue; // closed meanwhile (answered, or by a colleague)
      await this.outcomes.record(ctx.actor, schoolId, notification.id, { outcome: 'letter_given' });
    }
    res.redirect(303, `/schools/${schoolId}/tasks?done=letters_given`);
  }

  @Get(':taskId/letter')
  @ApiOperation({ summary: "A task's printable letter with a QR code and a short code" })
  async letter(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @SchoolIdParam() schoolId: string,
    @IdParam('taskId', 'Task') taskId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, schoolId, 'ws-messages');
    const t = ctx.tr('ws-messages');
    const { notification, parent } = await this.queries.task(schoolId, taskId);
    const { letters } = await this.queries.printableLetters(ctx.actor, schoolId, {
      ids: [taskId],
    });
    const fullName = [parent.givenName, parent.familyName].filter(Boolean).join(' ');
    const open = !notification.taskDoneAt;
    sendPage(
      res,
      lettersView(ctx, {
        title: t('letters.oneTitle', { name: fullName }),
        letters,
        intro: open ? t('letters.oneIntro') : t('letters.oneClosed'),
        handedOver: open
          ? {
              action: `/schools/${schoolId}/tasks/letters/given`,
              ids: [taskId],
              label: t('letters.oneGiven'),
            }
          : undefined,
      }),
    );
  }

  private async render(
    ctx: PageContext,
    schoolId: string,
    pages: Record<TaskGroup, number>,
    form?: { taskId: string; outcome?: string; reason?: string; errors: FieldError[] },
  ): Promise<string> {
    const [lists, school] = await Promise.all([
      this.queries.tasksForStaff(ctx.actor, schoolId, pages, PAGE_SIZE),
      this.queries.messageSchool(schoolId),
    ]);
    const cards = (items: StaffTask[]): TaskCard[] =>
      items.map((task) => this.card(ctx, task, school));
    return tasksView(ctx, {
      call: { items: cards(lists.call.items), total: lists.call.total, page: pages.call },
      letter: { items: cards(lists.letter.items), total: lists.letter.total, page: pages.letter },
      pageSize: PAGE_SIZE,
      form,
    });
  }

  private card(ctx: PageContext, task: StaffTask, school: MessageSchool): TaskCard {
    const n = task.notification;
    const p = task.parent;
    const reason = taskReasonOf(n.recipient);
    const sections = this.printed
      .sections(n.kind, n.payload, recipientOf(p), school)
      .map((s) => ({ ...s, languageName: this.i18n.languageName(s.language, ctx.lang) }));
    const payload = n.payload as Partial<ActivityRef> & { otherName?: string };
    return {
      id: n.id,
      kind: n.kind,
      createdAt: n.createdAt,
      parent: p,
      reason,
      why: reason === 'no_usable_channel' ? whyNoChannel(p) : [],
      languageName: sections[0].languageName,
      sections,
      outcomes: outcomesFor(n.kind),
      other: typeof payload.otherName === 'string' ? payload.otherName : undefined,
      title:
        typeof payload.title === 'string'
          ? (payload.titles?.[ctx.lang] ?? payload.title)
          : undefined,
      startsAt: typeof payload.startsAt === 'string' ? payload.startsAt : undefined,
    };
  }
}

function safePage(value: string): number {
  return /^\d{1,6}$/.test(value) && Number(value) >= 1 ? Number(value) : 1;
}

/** Why neither e-mail nor SMS could be used, fact by fact (no address, no consent …). */
function whyNoChannel(p: StaffTask['parent']): string[] {
  const out: string[] = [];
  if (!p.email) out.push('noEmail');
  else if (p.consents.messages_email?.granted !== true) out.push('noEmailConsent');
  if (!p.phone) out.push('noPhone');
  else if (p.consents.messages_sms?.granted !== true) out.push('noSmsConsent');
  // The consents were there, but the channels chosen at intake do not include them.
  if (!out.length && chooseChannel({ ...p, prefersSpoken: false }).channel === 'task')
    out.push('noChannelChosen');
  return out;
}
