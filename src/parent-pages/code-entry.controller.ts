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
import { CodeEntryService } from './code-entry.service';
import type { PageResult } from './parent-page.service';

function send(res: Response, result: PageResult): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (result.redirect) return res.redirect(303, result.redirect);
  if (result.status === 429) res.setHeader('Retry-After', '900');
  res.status(result.status).type('html').send(result.html);
}

/**
 * /c: a parent types the short code printed on a letter (ABCD-2345) instead of the long
 * link, and is sent on to their page. No account, no script.
 */
@ApiTags('parent pages (HTML)')
@ApiProduces('text/html')
@Public()
@Controller('c')
export class CodeEntryController {
  constructor(private readonly entry: CodeEntryService) {}

  @Get()
  @ApiOperation({ summary: 'The form to type the short code from a printed letter' })
  @ApiQuery({
    name: 'lang',
    required: false,
    description: 'The language of the page (nl by default)',
  })
  @ApiResponse({ status: 200, description: 'HTML form' })
  @ApiResponse({ status: 429, description: 'Too many wrong codes or links from this address' })
  async show(
    @Query('lang') lang: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, await this.entry.form(this.entry.language(lang)));
  }

  @Get(':code')
  @ApiOperation({
    summary:
      "Open the parent's page of a short link (an SMS carries /c/{code} instead of /p/{token})",
  })
  @ApiParam({
    name: 'code',
    description: 'The short code, e.g. ABCD-2345 (case and dashes do not matter)',
  })
  @ApiQuery({ name: 'view', required: false, enum: ['preferences'], enumName: 'ShortLinkView' })
  @ApiResponse({ status: 303, description: "Known code: on to the parent's page /p/{token}" })
  @ApiResponse({ status: 404, description: 'Unknown or malformed code: the form to type it' })
  @ApiResponse({ status: 429, description: 'Too many wrong codes or links from this address' })
  async open(
    @Param('code') code: string,
    @Query('view') view: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, await this.entry.open(code, view, req.ip));
  }

  @Post()
  @ApiOperation({
    summary: "Go to the parent's page of a short code (case and dashes do not matter)",
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiResponse({ status: 303, description: 'Known code: on to /p/{token}' })
  @ApiResponse({ status: 422, description: 'Unknown or malformed code: the form again' })
  @ApiResponse({
    status: 403,
    description: 'The form token is missing, expired or from another site',
  })
  @ApiResponse({ status: 429, description: 'Too many wrong codes or links from this address' })
  async submit(
    @Body() body: Record<string, unknown>,
    @Headers('origin') origin: string | undefined,
    @Headers('sec-fetch-site') fetchSite: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, await this.entry.submit(body ?? {}, { origin, fetchSite }, req.ip));
  }
}
