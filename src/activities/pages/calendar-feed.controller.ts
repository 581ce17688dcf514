import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth/access.decorators';
import { NotFoundError } from '../../common/errors/domain-error';
import { staffLanguage } from '../../i18n/i18n.service';
import { CalendarFeedService } from '../calendar-feed.service';
import { CalendarService } from '../calendar.service';

/**
 * The school's activities for calendar programs, at the secret address staff see on the
 * activities page (`/calendar/{secret}.ics?lang=nl|en`). No login: the address is the key,
 * so a revoked or unknown one is simply 404. No personal data in the feed.
 */
@ApiTags('activities')
@Public()
@Controller('calendar')
export class CalendarFeedController {
  constructor(
    private readonly feeds: CalendarFeedService,
    private readonly calendar: CalendarService,
  ) {}

  @Get(':file')
  @ApiOperation({
    summary:
      "A school's activities as an iCalendar feed at its secret address (no login; lang=nl or en)",
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar (RFC 5545)', schema: { type: 'string' } })
  @ApiResponse({ status: 404, description: 'Unknown or revoked address' })
  async feed(
    @Param('file') file: string,
    @Query('lang') lang: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const m = /^([A-Za-z0-9_-]{43})\.ics$/.exec(file);
    const schoolId = m ? await this.feeds.schoolOf(m[1]) : null;
    if (!schoolId) throw new NotFoundError('Calendar');
    const language = staffLanguage(typeof lang === 'string' ? lang : undefined);
    const body = await this.calendar.staffFeed(schoolId, language);
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', 'inline; filename="activities.ics"');
    // Calendar programs poll; a revoked address stops within minutes at most.
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    res.status(200).send(body);
  }
}
