import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/config';
import { I18nService } from '../i18n/i18n.service';
import { ActivitiesRepository } from './activities.repository';
import { Activity } from './activity.entity';
import { ActivityMessages } from './activity-messages';
import { Clock } from './clock';
import { activitySequence, activityUid, buildCalendar, CalendarEvent } from './core/ics';

/** Calendar files (.ics): one per activity, and a feed of a school's activities. No personal data. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly activities: ActivitiesRepository,
    private readonly clock: Clock,
    private readonly messages: ActivityMessages,
    private readonly i18n: I18nService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * One activity's entry. With a language (a parent's download from their page): title and
   * description in that language where the school gave one (the kind's name when the title
   * is the kind's), the same entry the parent's e-mail attached.
   */
  async forActivity(
    schoolId: string,
    id: string,
    language?: string,
    url?: string,
  ): Promise<string> {
    const a = await this.activities.findInSchool(schoolId, id);
    if (!a) throw new NotFoundError('Activity');
    if (!language) return buildCalendar([toEvent(a)]);
    return buildCalendar([
      toEvent(a, {
        summary: this.messages.ref(a).titles?.[language] ?? a.title,
        description: a.descriptions[language] ?? a.description,
        ...(url ? { url } : {}),
      }),
    ]);
  }

  async feed(schoolId: string): Promise<string> {
    const { name, items } = await this.feedItems(schoolId);
    return buildCalendar(
      items.map((a) => toEvent(a)),
      { name },
    );
  }

  /**
   * The feed staff subscribe to (through the school's secret address): titles and
   * descriptions in one staff language where the activity has them, a cancelled activity
   * says so in its title, and each event links to its page in the workspace.
   */
  async staffFeed(schoolId: string, language: string): Promise<string> {
    const { name, items } = await this.feedItems(schoolId);
    const t = this.i18n.t(language, 'ws-activities');
    const base = this.config.publicBaseUrl.replace(/\/+$/, '');
    const events = items.map((a) => {
      const title = this.messages.ref(a).titles?.[language] ?? a.title;
      return toEvent(a, {
        summary: a.status === 'cancelled' ? t('feed.cancelledTitle', { title }) : title,
        description: a.descriptions[language] ?? a.description,
        url: `${base}/schools/${schoolId}/activities/${a.id}`,
      });
    });
    return buildCalendar(events, { name: t('feed.name', { school: name }) });
  }

  private async feedItems(schoolId: string): Promise<{ name: string; items: Activity[] }> {
    const [school]: { name: string }[] = await this.dataSource.query(
      'SELECT name FROM school WHERE id = $1',
      [schoolId],
    );
    if (!school) throw new NotFoundError('School');
    const since = new Date(this.clock.now().getTime() - 30 * 86400_000);
    return { name: school.name, items: await this.activities.feed(schoolId, since) };
  }
}

function toEvent(
  a: Activity,
  text: Partial<Pick<CalendarEvent, 'summary' | 'description' | 'url'>> = {},
): CalendarEvent {
  return {
    uid: activityUid(a.id),
    sequence: activitySequence(a.version),
    stamp: a.updatedAt,
    start: a.startsAt,
    end: a.endsAt,
    summary: a.title,
    description: a.description,
    location: a.location,
    cancelled: a.status === 'cancelled',
    ...text,
  };
}
