import type { MessageKind } from './message-kinds';
import { TASK_REASONS, type TaskReason } from './channel-choice';

/**
 * How a consultant's task ended. The answers to a question are recorded as the parent's own
 * answer (the match or the sign-up changes); the others only close the task.
 */
export const TASK_OUTCOMES = [
  // A buddy proposal (intro, reminder)
  'accepted',
  'declined',
  // "How is it going?"
  'good',
  'could_be_better',
  'stopped',
  // An invitation
  'signed_up',
  'not_coming',
  // A sign-up (confirmed, waitlisted, moved up, reminder, changed)
  'coming',
  'cancelled',
  // Any message
  'passed_on',
  'letter_given',
  'no_answer',
  // Set by the system: the parent answered another way, or the question closed
  'answered',
  'no_longer_needed',
] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

/** What a consultant can record when she closes a task of this kind, in the order shown. */
export function outcomesFor(kind: MessageKind): TaskOutcome[] {
  switch (kind) {
    case 'intro_seeker':
    case 'intro_buddy':
    case 'response_reminder':
      return ['accepted', 'declined', 'letter_given', 'no_answer'];
    case 'check_in':
      return ['good', 'could_be_better', 'stopped', 'letter_given', 'no_answer'];
    case 'activity_invitation':
      return ['signed_up', 'not_coming', 'letter_given', 'no_answer'];
    case 'activity_confirmed':
    case 'activity_waitlisted':
    case 'activity_promoted':
    case 'activity_reminder':
    case 'activity_changed':
      return ['coming', 'cancelled', 'letter_given', 'no_answer'];
    case 'welcome':
    case 'both_accepted':
    case 'buddy_declined':
    case 'activity_cancelled':
      return ['passed_on', 'letter_given', 'no_answer'];
  }
}

const REASON_TEXTS = new Map<string, TaskReason>(
  Object.entries(TASK_REASONS).map(([code, text]) => [text, code as TaskReason]),
);

/** The task's reason as stored in notification.recipient ("task: …") back to its code. */
export function taskReasonOf(recipient: string | null): TaskReason {
  const text = recipient?.replace(/^task: /, '') ?? '';
  return REASON_TEXTS.get(text) ?? 'no_usable_channel';
}
