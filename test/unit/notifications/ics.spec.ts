import {
  activitySequence,
  activityUid,
  buildCalendar,
  foldLine,
  icsDateTime,
  icsText,
} from '../../../src/notifications/ics';
import * as activityCalendar from '../../../src/activities/core/ics';

describe('iCalendar writer (one for messages, page downloads and feeds)', () => {
  const event = {
    uid: activityUid('42'),
    sequence: activitySequence(3),
    start: new Date('2026-03-10T08:30:00Z'),
    end: new Date('2026-03-10T10:00:00Z'),
    summary: 'Koffieochtend; taal, café',
    location: 'Aula\nLindelaan 4',
    stamp: new Date('2026-03-01T12:00:00.123Z'),
    cancelled: false,
  };

  it('is the activities writer itself, not a second one', () => {
    expect(buildCalendar).toBe(activityCalendar.buildCalendar);
    expect(activityUid).toBe(activityCalendar.activityUid);
  });

  it('writes one VEVENT with UTC times, the stable UID, SEQUENCE from the version and CRLF line ends', () => {
    const ics = buildCalendar([event]);
    expect(ics.split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//oudermaatje//activities//NL',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'BEGIN:VEVENT',
      'UID:activity-42@oudermaatje',
      'SEQUENCE:2',
      'DTSTAMP:20260301T120000Z',
      'DTSTART:20260310T083000Z',
      'DTEND:20260310T100000Z',
      'SUMMARY:Koffieochtend\\; taal\\, café',
      'LOCATION:Aula\\nLindelaan 4',
      'STATUS:CONFIRMED',
      'TRANSP:OPAQUE',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(buildCalendar([{ ...event, cancelled: true }])).toContain('STATUS:CANCELLED');
  });

  it('starts SEQUENCE at 0 for a new activity or a payload without a version', () => {
    expect(activitySequence(1)).toBe(0);
    expect(activitySequence(undefined)).toBe(0);
    expect(activitySequence(5)).toBe(4);
  });

  it('formats UTC date-times and escapes text', () => {
    expect(icsDateTime(new Date('2026-12-31T23:05:09.999Z'))).toBe('20261231T230509Z');
    expect(icsText('a\\b;c,d\r\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const line = `SUMMARY:${'قهوة الصباح مع أولياء الأمور '.repeat(6)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    for (const p of parts.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
    expect(foldLine('short')).toBe('short');
  });
});
