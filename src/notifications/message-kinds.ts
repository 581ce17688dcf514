import type { MessageTopic } from '../parents/parent.types';

/** Every message the service sends to parents, with its topic (for stopping) and whether it asks something. */
export const MESSAGE_KINDS = {
  welcome: { topic: null, asks: false, template: 'welcome' },
  intro_seeker: { topic: 'buddy', asks: true, template: 'introSeeker' },
  intro_buddy: { topic: 'buddy', asks: true, template: 'introBuddy' },
  response_reminder: { topic: 'buddy', asks: true, template: 'responseReminder' },
  both_accepted: { topic: 'buddy', asks: false, template: 'bothAccepted' },
  buddy_declined: { topic: 'buddy', asks: false, template: 'buddyDeclined' },
  check_in: { topic: 'checkins', asks: true, template: 'checkIn' },
  activity_invitation: { topic: 'activities', asks: true, template: 'activityInvitation' },
  activity_confirmed: { topic: 'activities', asks: true, template: 'activityConfirmed' },
  activity_waitlisted: { topic: 'activities', asks: true, template: 'activityWaitlisted' },
  activity_promoted: { topic: 'activities', asks: true, template: 'activityPromoted' },
  activity_reminder: { topic: 'activities', asks: true, template: 'activityReminder' },
  activity_changed: { topic: 'activities', asks: true, template: 'activityChanged' },
  activity_cancelled: { topic: 'activities', asks: false, template: 'activityCancelled' },
} as const satisfies Record<
  string,
  { topic: MessageTopic | null; asks: boolean; template: string }
>;

export type MessageKind = keyof typeof MESSAGE_KINDS;
export const MESSAGE_KIND_NAMES = Object.keys(MESSAGE_KINDS) as MessageKind[];

/** Messages that are transactional for something the parent did (sent even when topics are stopped). */
export const ALWAYS_SENT: ReadonlySet<MessageKind> = new Set<MessageKind>([
  'activity_cancelled',
  'activity_changed',
  'activity_confirmed',
  'activity_promoted',
]);
