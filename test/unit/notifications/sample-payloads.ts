import type { MessageKind } from '../../../src/notifications/message-kinds';
import type { ActivityRef, MessagePayloads } from '../../../src/notifications/message-payloads';

/** An activity as the activities area puts it in a payload. */
export function anActivityRef(overrides: Partial<ActivityRef> = {}): ActivityRef {
  return {
    activityId: '7b0b9c1e-2f7a-4a43-9d59-0c3f5c2d1a11',
    title: 'Koffieochtend',
    kind: 'coffee_morning',
    startsAt: '2026-03-10T08:30:00.000Z',
    endsAt: '2026-03-10T10:00:00.000Z',
    location: 'Aula, Lindelaan 4',
    languages: ['nl', 'ar', 'tr'],
    interpreter: true,
    childcare: true,
    costCents: 250,
    ...overrides,
  };
}

/** One filled-in payload per message kind, using every optional part. */
export const SAMPLE_PAYLOADS: { [K in MessageKind]: MessagePayloads[K] } = {
  welcome: { role: 'both' },
  intro_seeker: {
    matchId: 'm1',
    otherName: 'Anna',
    responseDays: 5,
    reasons: [
      { code: 'shared_language', params: { language: 'pl' } },
      { code: 'situation_experience', params: { situation: 'dyslexia' } },
      { code: 'newcomer_with_experienced', params: { count: 3 } },
      { code: 'same_school_year', params: {} },
      { code: 'availability_overlap', params: { count: 2 } },
    ],
  },
  intro_buddy: {
    matchId: 'm1',
    otherName: 'Bilal',
    responseDays: 1,
    reasons: [{ code: 'shared_interests', params: { count: 1 } }],
  },
  response_reminder: { matchId: 'm1', otherName: 'Anna' },
  both_accepted: { matchId: 'm1', otherName: 'Anna', contact: '+31612345678' },
  buddy_declined: { matchId: 'm1', otherName: 'Anna' },
  check_in: { matchId: 'm1', otherName: 'Anna', weeks: 6 },
  activity_invitation: { ...anActivityRef(), placesLeft: 4, buddyName: 'Anna' },
  activity_confirmed: anActivityRef(),
  activity_waitlisted: { ...anActivityRef(), ahead: 3 },
  activity_promoted: anActivityRef(),
  activity_reminder: anActivityRef({ costCents: null }),
  activity_changed: anActivityRef({ costCents: 0 }),
  activity_cancelled: anActivityRef(),
};
