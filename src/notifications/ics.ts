/**
 * Calendar files of messages come from the one activity calendar writer
 * (src/activities/core/ics.ts): the same UID, SEQUENCE and STATUS as the parent's page
 * download and the feeds. This module only names its parts for the notifications area.
 */
export {
  activitySequence,
  activityUid,
  buildCalendar,
  escapeText as icsText,
  fold as foldLine,
  utc as icsDateTime,
} from '../activities/core/ics';
export type { CalendarEvent } from '../activities/core/ics';
