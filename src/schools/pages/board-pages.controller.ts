import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import type { WorkspaceRequest } from '../../common/auth/access.decorators';
import { IdParam } from '../../common/http/id.pipe';
import { sendPage } from '../../workspace/workspace.controller';
import { WorkspacePage } from '../../workspace/workspace-page.decorator';
import { WorkspaceService } from '../../workspace/workspace.service';
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
  @ApiOperation({ summary: "A board's schools side by side, and their total (board admins)" })
  async show(
    @Req() req: WorkspaceRequest,
    @Res() res: Response,
    @IdParam('boardId', 'Board') boardId: string,
  ): Promise<void> {
    const ctx = await this.workspace.context(req, undefined, 'ws-settings');
    sendPage(res, boardView(ctx, await this.boards.forBoard(ctx.actor, boardId)));
  }
}
