import { Injectable } from '@nestjs/common';
import { RsvpService } from '../activities/rsvp.service';
import { Actor } from '../common/auth/actor';
import { ConflictError, ValidationError } from '../common/errors/domain-error';
import { MatchLifecycleService } from '../matching/match-lifecycle.service';
import { TaskDoneDto } from './dto/task-done.dto';
import { Notification } from './notification.entity';
import { NotificationQueriesService } from './notification-queries.service';
import { outcomesFor } from './task-outcome';

/**
 * Closes a consultant's task with what happened. An answer the parent gave on the phone is
 * recorded as the parent's own answer, through the same services as their link and the API
 * (a match response, a check-in, a sign-up or cancellation), then the task closes.
 */
@Injectable()
export class TaskOutcomesService {
  constructor(
    private readonly queries: NotificationQueriesService,
    private readonly matches: MatchLifecycleService,
    private readonly rsvps: RsvpService,
  ) {}

  async record(
    actor: Actor,
    schoolId: string,
    taskId: string,
    input: TaskDoneDto,
  ): Promise<Notification> {
    const { notification: n, parent } = await this.queries.task(schoolId, taskId);
    if (n.taskDoneAt)
      throw new ConflictError('task.closed', 'This task was closed already.', {
        outcome: n.taskOutcome,
      });
    if (!outcomesFor(n.kind).includes(input.outcome))
      throw new ValidationError(
        'task.outcome_not_possible',
        `The outcome ${input.outcome} does not fit a message of kind ${n.kind}.`,
        [{ field: 'outcome', messages: ['outcome must fit the kind of message'] }],
      );
    const subject = n.subjectId;
    switch (input.outcome) {
      case 'accepted':
      case 'declined':
        if (!subject) break;
        await this.matches.respond(
          actor,
          schoolId,
          subject,
          parent.id,
          input.outcome,
          input.outcome === 'declined' ? input.reason : undefined,
        );
        break;
      case 'good':
      case 'could_be_better':
      case 'stopped':
        if (!subject) break;
        await this.matches.checkIn(actor, schoolId, subject, parent.id, input.outcome);
        break;
      case 'signed_up':
        if (!subject) break;
        await this.rsvps.signUp(actor, schoolId, subject, parent.id);
        break;
      case 'cancelled':
        if (!subject) break;
        await this.rsvps.cancel(actor, schoolId, subject, parent.id);
        break;
      case 'not_coming':
      case 'coming':
      case 'passed_on':
      case 'letter_given':
      case 'no_answer':
        break; // nothing to record but the task's outcome
    }
    return this.queries.markTaskDone(actor, schoolId, taskId, input.outcome);
  }
}
