import type { MessageKind } from './message-kinds';

/**
 * What each message kind carries in notification.payload, written by the area that sends
 * it (intake, matching, activities) and read by the renderer. Names are first names only;
 * reasons are already limited to what both parents agreed to share.
 */
export interface ReasonRef {
  code: string;
  params: Record<string, string | number>;
}

export interface ActivityRef {
  activityId: string;
  /** Title in the school's language, and optional translations per language code. */
  title: string;
  titles?: Record<string, string>;
  /** Description in the school's language and its translations (for the calendar file). */
  description?: string | null;
  descriptions?: Record<string, string>;
  /** activity.version when the message was made: the calendar entry's SEQUENCE (version - 1). */
  version?: number;
  kind: string;
  /** ISO 8601 UTC; shown in Europe/Amsterdam time. */
  startsAt: string;
  endsAt: string;
  location: string;
  /** Language codes spoken at the activity. */
  languages: string[];
  interpreter: boolean;
  childcare: boolean;
  /** Cost in euro cents; 0 or null = free. */
  costCents: number | null;
}

export interface MessagePayloads {
  welcome: { role: 'seeker' | 'buddy' | 'both' };
  intro_seeker: { matchId: string; otherName: string; reasons: ReasonRef[]; responseDays: number };
  intro_buddy: { matchId: string; otherName: string; reasons: ReasonRef[]; responseDays: number };
  response_reminder: { matchId: string; otherName: string };
  /** contact: the other parent's e-mail or phone, only when both agreed to share contact details. */
  both_accepted: { matchId: string; otherName: string; contact: string | null };
  buddy_declined: { matchId: string; otherName: string };
  check_in: { matchId: string; otherName: string; weeks: number };
  activity_invitation: ActivityRef & { placesLeft: number | null; buddyName?: string };
  activity_confirmed: ActivityRef;
  activity_waitlisted: ActivityRef & { ahead: number };
  activity_promoted: ActivityRef;
  activity_reminder: ActivityRef;
  activity_changed: ActivityRef;
  activity_cancelled: ActivityRef;
}

export type PayloadOf<K extends MessageKind> = MessagePayloads[K];
