import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxService } from '../notifications/outbox.service';
import { RegisterPeriodicTask, PeriodicTask } from '../worker/periodic-task';

interface Due {
  id: string;
  school_id: string;
  seeker_id: string;
  buddy_id: string;
  seeker_response: string | null;
  buddy_response: string | null;
  reminders_sent: number;
  seeker_name: string;
  buddy_name: string;
}

/**
 * Follows introductions nobody answered: after the school's response days a reminder to
 * whoever has not answered; after twice that, the pair is flagged for the consultant.
 */
@Injectable()
@RegisterPeriodicTask({ name: 'match-follow-up', intervalMs: 60_000 })
export class MatchFollowUpTask implements PeriodicTask {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async runOnce(now = new Date()): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const due: Due[] = await m.query(
        `SELECT mt.id, mt.school_id, mt.seeker_id, mt.buddy_id, mt.seeker_response, mt.buddy_response, mt.reminders_sent,
                s.given_name AS seeker_name, b.given_name AS buddy_name
           FROM match mt
           JOIN school sc ON sc.id = mt.school_id
           JOIN parent s ON s.id = mt.seeker_id
           JOIN parent b ON b.id = mt.buddy_id
          WHERE mt.status = 'approved'
            AND mt.reminders_sent < 2
            AND mt.approved_at + make_interval(days => (sc.settings->'matching'->>'responseDays')::int * (mt.reminders_sent + 1)) <= $1
          ORDER BY mt.approved_at
          LIMIT 100
          FOR UPDATE OF mt SKIP LOCKED`,
        [now],
      );
      for (const match of due) {
        if (match.reminders_sent === 0) {
          const waiting: [string, string][] = [];
          if (!match.seeker_response) waiting.push([match.seeker_id, match.buddy_id]);
          if (!match.buddy_response) waiting.push([match.buddy_id, match.seeker_id]);
          for (const [parentId, otherParentId] of waiting) {
            const [p]: { school_id: string }[] = await m.query(
              'SELECT school_id FROM parent WHERE id = $1',
              [parentId],
            );
            await this.outbox.enqueue(m, {
              schoolId: p.school_id,
              parentId,
              kind: 'response_reminder',
              subject: { type: 'match', id: match.id },
              payload: { matchId: match.id, otherParentId },
              link: { purpose: 'match', subjectId: match.id },
            });
          }
          await m.query(`UPDATE match SET reminders_sent = 1, updated_at = now() WHERE id = $1`, [
            match.id,
          ]);
        } else {
          await m.query(
            `UPDATE match SET reminders_sent = 2, needs_attention = true, updated_at = now() WHERE id = $1`,
            [match.id],
          );
        }
      }
      return due.length;
    });
  }
}
