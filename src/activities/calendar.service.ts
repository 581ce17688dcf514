import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-error';
import { ActivitiesRepository } from './activities.repository';
import { Activity } from './activity.entity';
import { Clock } from './clock';
import { buildCalendar, CalendarEvent } from './core/ics';

/** Calendar files (.ics): one per activity, and a feed of a school's activities. No personal data. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly activities: ActivitiesRepository,
    private readonly clock: Clock,
  ) {}

  async forActivity(schoolId: string, id: string): Promise<string> {
    const a = await this.activities.findInSchool(schoolId, id);
    if (!a) throw new NotFoundError('Activity');
    return buildCalendar([toEvent(a)]);
  }

  async feed(schoolId: string): Promise<string> {
    const [school]: { name: string }[] = await this.dataSource.query(
      'SELECT name FROM school WHERE id = $1',
      [schoolId],
    );
    if (!school) throw new NotFoundError('School');
    const since = new Date(this.clock.now().getTime() - 30 * 86400_000);
    const items = await this.activities.feed(schoolId, since);
    return buildCalendar(items.map(toEvent), { name: school.name });
  }
}

function toEvent(a: Activity): CalendarEvent {
  return {
    uid: `activity-${a.id}@oudermaatje`,
    sequence: a.version - 1,
    stamp: a.updatedAt,
    start: a.startsAt,
    end: a.endsAt,
    summary: a.title,
    description: a.description,
    location: a.location,
    cancelled: a.status === 'cancelled',
  };
}
