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

/**
 * Another parent named in a message is stored by reference (`otherParentId`): the name, and
 * the contact details where both agreed to share them, are filled in just before rendering
 * (PayloadRefsService), so an erased parent's name stays in no other parent's message.
 * `otherName` is what the renderer reads (also in rows written before references existed).
 */
export type OtherParentRef = {
  matchId: string;
  otherParentId?: string;
  otherName?: string;
};

export interface MessagePayloads {
  welcome: { role: 'seeker' | 'buddy' | 'both' };
  intro_seeker: OtherParentRef & { reasons: ReasonRef[]; responseDays: number };
  intro_buddy: OtherParentRef & { reasons: ReasonRef[]; responseDays: number };
  response_reminder: OtherParentRef;
  /**
   * shareContact: both agreed to share contact details when the pair became active; contact
   * (the other parent's e-mail or phone) is filled in at sending, only if they still agree.
   */
  both_accepted: OtherParentRef & { shareContact?: boolean; contact?: string | null };
  buddy_declined: OtherParentRef;
  check_in: OtherParentRef & { weeks: number };
  /** buddyParentId: the buddy who is invited along (its name, buddyName, is filled in at sending). */
  activity_invitation: ActivityRef & {
    placesLeft: number | null;
    buddyParentId?: string;
    buddyName?: string;
  };
  activity_confirmed: ActivityRef;
  activity_waitlisted: ActivityRef & { ahead: number };
  activity_promoted: ActivityRef;
  activity_reminder: ActivityRef;
  activity_changed: ActivityRef;
  activity_cancelled: ActivityRef;
}

export type PayloadOf<K extends MessageKind> = MessagePayloads[K];
