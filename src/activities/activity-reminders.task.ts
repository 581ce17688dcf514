import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RegisterPeriodicTask, PeriodicTask } from '../worker/periodic-task';
import { ActivitiesRepository } from './activities.repository';
import { Activity } from './activity.entity';
import { ActivityMessages } from './activity-messages';
import { Clock } from './clock';
import { localDate, localParts, nextDate, parseTime, SCHOOL_TIME_ZONE } from './core/local-time';

/**
 * Reminds parents with a confirmed place the day before an activity, once the local time
 * (Europe/Amsterdam) has reached the school's messages.reminderHour. An activity is marked
 * with reminders_sent_at in the same transaction as its messages, and each message's
 * idempotency key holds the activity's date: a second run, a second worker or a restart
 * sends nothing twice. Moving the activity to another day resets the mark.
 */
@Injectable()
@RegisterPeriodicTask({ name: 'activity-reminders', intervalMs: 5 * 60_000 })
export class ActivityRemindersTask implements PeriodicTask {
  constructor(
    private readonly dataSource: DataSource,
    private readonly activities: ActivitiesRepository,
    private readonly messages: ActivityMessages,
    private readonly clock: Clock,
  ) {}

  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const tomorrow = nextDate(localDate(now));
    const from = startOfLocalDay(tomorrow);
    const to = startOfLocalDay(nextDate(tomorrow));
    const hour = localParts(now, SCHOOL_TIME_ZONE).hour;
    return this.dataSource.transaction(async (m) => {
      const due: { id: string }[] = await m.query(
        `SELECT a.id FROM activity a JOIN school s ON s.id = a.school_id
          WHERE a.status = 'scheduled' AND a.reminders_sent_at IS NULL
            AND a.starts_at >= $1 AND a.starts_at < $2
            AND coalesce((s.settings->'messages'->>'reminderHour')::int, 17) <= $3
          ORDER BY a.starts_at, a.id
          LIMIT 50
          FOR UPDATE OF a SKIP LOCKED`,
        [from, to, hour],
      );
      for (const { id } of due) {
        const a = await m.findOneByOrFail(Activity, { id });
        const ref = this.messages.ref(a);
        for (const parentId of await this.activities.parentIdsWith(m, id, ['confirmed']))
          await this.messages.send(
            m,
            a,
            parentId,
            'activity_reminder',
            ref,
            `d${localDate(a.startsAt)}`,
          );
        await m.query(`UPDATE activity SET reminders_sent_at = $2 WHERE id = $1`, [id, now]);
      }
      return due.length;
    });
  }
}

function startOfLocalDay(date: string): Date {
  const parsed = parseTime(`${date}T00:00`, SCHOOL_TIME_ZONE);
  if (!parsed.ok) throw new Error(`no midnight on ${date}`);
  return parsed.instant;
}
