import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/auth/access.decorators';
import { PageResult, ParentPageService } from './parent-page.service';

function send(res: Response, result: PageResult): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (result.file) {
    res.status(200).type(result.file.contentType).setHeader('Content-Disposition', `attachment; filename="${result.file.name}"`);
    res.send(result.file.body);
    return;
  }
  if (result.redirect) {
    res.redirect(303, result.redirect);
    return;
  }
  res.status(result.status).type('html').send(result.html);
}

/**
 * /p/{token}: the parent's page behind a link in a message. No account, no JavaScript,
 * server-rendered in the parent's language and direction. (Documented in docs/parent-pages.md;
 * kept out of the staff OpenAPI document.)
 */
@ApiExcludeController()
@Public()
@Controller('p')
export class ParentPagesController {
  constructor(private readonly pages: ParentPageService) {}

  @Get(':token')
  async show(@Param('token') token: string, @Query() query: Record<string, string>, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, await this.pages.show(token, { view: query.view, done: query.done }, req.ip, typeof req.id === 'string' ? req.id : undefined));
  }

  @Post(':token')
  async act(@Param('token') token: string, @Body() body: Record<string, unknown>, @Headers('origin') origin: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, await this.pages.act(token, body ?? {}, origin, req.ip, typeof req.id === 'string' ? req.id : undefined));
  }
}
