import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import type { WorkspaceRequest } from '../../common/auth/access.decorators';
import { IdParam } from '../../common/http/id.pipe';
import { sendPage } from '../../workspace/workspace.controller';
import { WorkspacePage } from '../../workspace/workspace-page.decorator';
import { WorkspaceService } from '../../workspace/workspace.service';
import { ValidationError } from '../../common/errors/domain-error';
import { type DashboardPeriod, parsePeriod } from '../../dashboard/dashboard.service';
import { BoardOverviewService } from '../board-overview.service';
import { boardView } from './views/board.view';

/**
 * A board's schools side by side, for the board's administrators, with a way into each
 * school. Not under /schools, so the board is checked here: any other board is a 404.
 */
@Controller('boards')
@WorkspacePage()
export class BoardPagesController {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly boards: BoardOverviewService,
  ) {}

  @Get(':boardId')
  @ApiOperation({
    summary:
      "A board's schools side by side, and their total (board admins); ?period=year|3m|custom&from&to",
  })
  async show(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @IdParam('boardId', 'Board') boardId: string,
    @Query() q: Record<string, unknown>,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, undefined, 'ws-settings');
    const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    const asked = { period: text(q.period), from: text(q.from), to: text(q.to) };
    let period: DashboardPeriod;
    let invalid = false;
    try {
      period = parsePeriod(q);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      period = parsePeriod({});
      invalid = true;
    }
    const board = await this.boards.forBoard(ctx.actor, boardId, period);
    sendPage(res, boardView(ctx, board, { asked, invalid }), invalid ? 422 : 200);
  }
}
