import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiConsumes,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/auth/access.decorators';
import { ParentPageService } from './parent-page.service';
import { sendPage as send } from './parent-page.route';

/**
 * /p/{token}: the parent's page behind a link in a message. No account, no JavaScript,
 * server-rendered in the parent's language and direction (see docs/parent-pages.md). A GET is
 * answered before the framework's pipeline by `parentPageRoute` (same service); this
 * controller answers the rest and documents both.
 */
@ApiTags('parent pages (HTML)')
@ApiProduces('text/html')
@Public()
@Controller('p')
export class ParentPagesController {
  constructor(private readonly pages: ParentPageService) {}

  @Get(':token')
  @ApiOperation({ summary: "The parent's page for the link's purpose, in the parent's language" })
  @ApiParam({ name: 'token', description: 'The 43-character token from the message' })
  @ApiQuery({
    name: 'view',
    required: false,
    enum: ['preferences', 'calendar'],
    enumName: 'ParentPageView',
  })
  @ApiQuery({ name: 'done', required: false, description: 'Set by the redirect after an answer' })
  @ApiResponse({ status: 200, description: 'HTML page (or the calendar file with view=calendar)' })
  @ApiResponse({ status: 404, description: 'Unknown link: a friendly page in Dutch and English' })
  @ApiResponse({
    status: 410,
    description: 'Expired link: a friendly page in the parent’s language',
  })
  @ApiResponse({ status: 429, description: 'Too many unknown links from this address' })
  async show(
    @Param('token') token: string,
    @Query() query: Record<string, string>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(
      res,
      await this.pages.show(
        token,
        { view: query.view, done: query.done },
        req.ip,
        typeof req.id === 'string' ? req.id : undefined,
      ),
    );
  }

  @Post(':token')
  @ApiOperation({
    summary:
      'Answer on the page: accept, decline, sign up, cancel, check-in, language, stop or resume messages',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiResponse({ status: 303, description: 'Done: redirects to the page with ?done=…' })
  @ApiResponse({
    status: 403,
    description: 'The form token is missing, expired or from another site',
  })
  async act(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Headers('origin') origin: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(
      res,
      await this.pages.act(
        token,
        body ?? {},
        origin,
        req.ip,
        typeof req.id === 'string' ? req.id : undefined,
      ),
    );
  }
}
