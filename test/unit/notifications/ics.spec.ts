import { buildIcs, foldLine, icsDateTime, icsText } from '../../../src/notifications/ics';

describe('iCalendar writer', () => {
  const event = {
    uid: 'activity-42@school.example',
    start: new Date('2026-03-10T08:30:00Z'),
    end: new Date('2026-03-10T10:00:00Z'),
    summary: 'Koffieochtend; taal, café',
    location: 'Aula\nLindelaan 4',
    stamp: new Date('2026-03-01T12:00:00.123Z'),
  };

  it('writes one VEVENT with UTC times, a stable UID and CRLF line ends', () => {
    const ics = buildIcs(event);
    expect(ics.split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Oudermaatje//Messages//NL',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'BEGIN:VEVENT',
      'UID:activity-42@school.example',
      'DTSTAMP:20260301T120000Z',
      'DTSTART:20260310T083000Z',
      'DTEND:20260310T100000Z',
      'SEQUENCE:0',
      'STATUS:CONFIRMED',
      'SUMMARY:Koffieochtend\\; taal\\, café',
      'LOCATION:Aula\\nLindelaan 4',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(buildIcs({ ...event, summary: 'other' })).toContain('UID:activity-42@school.example');
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
