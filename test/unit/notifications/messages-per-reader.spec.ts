import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { I18nService, localesDir } from '../../../src/i18n/i18n.service';
import { SHIPPED_LANGUAGES, ShippedLanguage } from '../../../src/i18n/languages';
import { MESSAGE_KIND_NAMES, MessageKind } from '../../../src/notifications/message-kinds';
import {
  CHANNEL_BOUND_KEYS,
  Channel,
  MessageRenderer,
  MessageSection,
} from '../../../src/notifications/message-renderer';
import { PrintedMessages } from '../../../src/notifications/printed-messages';
import { markedToText } from '../../../src/notifications/templates/marks';
import { activityView } from '../../../src/parent-pages/views/activity.view';
import { anActivityRef, SAMPLE_PAYLOADS } from './sample-payloads';

const i18n = new I18nService();
const renderer = new MessageRenderer(i18n);
const printed = new PrintedMessages(renderer, i18n);
const LINK = 'https://school.example/p/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';
const school = { name: 'De Regenboog', bilingual: false };
const strip = (s: string): string => s.replace(/[\u200E\u200F\u2066-\u2069]/g, '');

/**
 * What each channel really has (written out here, not taken from the renderer): only the HTML
 * e-mail has a button; the e-mail (HTML and text part) carries the calendar attachment.
 */
const HAS: Record<Channel, { button: boolean; attachment: boolean }> = {
  email: { button: true, attachment: true },
  text: { button: false, attachment: true },
  sms: { button: false, attachment: false },
  letter: { button: false, attachment: false },
  phone: { button: false, attachment: false },
};

/** The seeker is Bilal, the buddy Anna: each reads the message with the other's name in it. */
const SEEKER = 'Bilal';
const BUDDY = 'Anna';
type Reader = 'seeker' | 'buddy';
const READERS: readonly Reader[] = ['seeker', 'buddy'];
const nameOf = (r: Reader): string => (r === 'seeker' ? SEEKER : BUDDY);
const otherOf = (r: Reader): string => (r === 'seeker' ? BUDDY : SEEKER);

/** Every reason a parent may be told, with the situation both parents chose to share. */
const SHARED_REASONS = [
  { code: 'shared_language', params: { language: 'pl' } },
  { code: 'situation_experience', params: { situation: 'dyslexia' } },
  { code: 'newcomer_with_experienced', params: { situation: 'new_to_school', count: 3 } },
  { code: 'same_school_year', params: { year: 'groep-3', count: 1 } },
  { code: 'availability_overlap', params: { count: 2 } },
];

/** The payload of a kind as the reader gets it (an introduction: the one for their side). */
function payloadFor(kind: MessageKind, reader: Reader, reasons = SHARED_REASONS) {
  const sample = SAMPLE_PAYLOADS[kind] as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { ...sample };
  if ('otherName' in sample) out.otherName = otherOf(reader);
  if ('buddyName' in sample) out.buddyName = otherOf(reader);
  if (kind === 'intro_seeker' || kind === 'intro_buddy') out.reasons = reasons;
  return out;
}

function introKind(reader: Reader): MessageKind {
  return reader === 'seeker' ? 'intro_seeker' : 'intro_buddy';
}

function reasonItems(lng: ShippedLanguage, reader: Reader, reasons = SHARED_REASONS): string[] {
  const section = renderer.section(
    introKind(reader),
    payloadFor(introKind(reader), reader, reasons),
    lng,
    { givenName: nameOf(reader), language: lng },
    school,
  );
  const list = section.blocks.find((b) => b.type === 'list');
  return list && list.type === 'list' ? list.items.map((i) => strip(markedToText(i, 'ltr'))) : [];
}

describe('messages per reader', () => {
  describe('the introduction tells each parent why this pair, true from their side', () => {
    it('in Dutch', () => {
      expect(reasonItems('nl', 'seeker')).toEqual([
        'Jullie spreken allebei Pools.',
        'Anna heeft zelf ervaring met iets waar jij hulp bij zoekt: Kind met dyslexie.',
        'Anna is al 3 jaar op deze school en kent de weg.',
        'Jullie kinderen zitten in hetzelfde leerjaar.',
        'Er zijn 2 momenten in de week dat jullie allebei tijd hebben.',
      ]);
      expect(reasonItems('nl', 'buddy')).toEqual([
        'Jullie spreken allebei Pools.',
        'Bilal zoekt hulp bij iets waar jij zelf ervaring mee hebt: Kind met dyslexie.',
        'Bilal is nieuw op school. Jij bent al 3 jaar op deze school en kent de weg.',
        'Jullie kinderen zitten in hetzelfde leerjaar.',
        'Er zijn 2 momenten in de week dat jullie allebei tijd hebben.',
      ]);
    });

    it('in English', () => {
      expect(reasonItems('en', 'seeker')).toEqual([
        'You both speak Polish.',
        'Anna has been through something you would like help with: Child with dyslexia.',
        'Anna has been at this school for 3 years and knows their way around.',
        'Your children are in the same school year.',
        'There are 2 times in the week when you are both free.',
      ]);
      expect(reasonItems('en', 'buddy')).toEqual([
        'You both speak Polish.',
        'Bilal would like help with something you have been through yourself: Child with dyslexia.',
        'Bilal is new at the school. You have been at this school for 3 years and know your way around.',
        'Your children are in the same school year.',
        'There are 2 times in the week when you are both free.',
      ]);
    });

    it('in Arabic', () => {
      expect(reasonItems('ar', 'seeker')).toEqual([
        'كلاكما يتحدث اللغة نفسها: البولندية.',
        'لدى Anna خبرة كبيرة في هذا الموضوع: طفل لديه عسر القراءة (ديسلكسيا).',
        'أسرة Anna في هذه المدرسة منذ 3 سنوات وتعرف كيف تسير الأمور فيها.',
        'أطفالكما في السنة الدراسية نفسها.',
        'لديكما وقت فراغ في موعدين مشتركين.',
      ]);
      expect(reasonItems('ar', 'buddy')).toEqual([
        'كلاكما يتحدث اللغة نفسها: البولندية.',
        'أسرة Bilal تبحث عن مساعدة في أمر مررتم به أنتم أيضًا: طفل لديه عسر القراءة (ديسلكسيا).',
        'أسرة Bilal جديدة في المدرسة. أنتم في هذه المدرسة منذ 3 سنوات وتعرفون كيف تسير الأمور فيها.',
        'أطفالكما في السنة الدراسية نفسها.',
        'لديكما وقت فراغ في موعدين مشتركين.',
      ]);
    });

    it.each([...SHIPPED_LANGUAGES])(
      'in %s: a fact about one parent names the other parent, never the reader',
      (lng) => {
        for (const reader of READERS) {
          const items = reasonItems(lng, reader);
          expect(items).toHaveLength(SHARED_REASONS.length);
          for (const item of items) expect(item).not.toContain(nameOf(reader));
          // situation_experience and newcomer_with_experienced are about one of the two
          for (const item of [items[1], items[2]]) expect(item).toContain(otherOf(reader));
        }
      },
    );

    it.each([...SHIPPED_LANGUAGES])(
      'in %s: a situation appears only when both parents chose to share it',
      (lng) => {
        const label = i18n.t(lng, 'taxonomy')('situation.dyslexia');
        const notShared = SHARED_REASONS.filter((r) => r.code !== 'situation_experience');
        for (const reader of READERS) {
          expect(reasonItems(lng, reader).some((i) => i.includes(label))).toBe(true);
          const out = renderer.render(
            introKind(reader),
            payloadFor(introKind(reader), reader, notShared),
            { givenName: nameOf(reader), language: lng },
            school,
            LINK,
          );
          for (const part of [out.subject, out.text, out.html, out.sms])
            expect(part).not.toContain(label);
        }
      },
    );
  });

  describe.each([...SHIPPED_LANGUAGES])('every message in %s on every channel', (lng) => {
    it.each(MESSAGE_KIND_NAMES)('%s', (kind) => {
      // An introduction goes to its own side; every other message to either parent.
      const readers = READERS.filter((r) => !kind.startsWith('intro_') || introKind(r) === kind);
      for (const reader of readers) {
        const payload = payloadFor(kind, reader);
        const recipient = { givenName: nameOf(reader), language: lng };
        const out = renderer.render(kind, payload, recipient, school, LINK);
        const letter = printed.sections(kind, payload, recipient, school, 'letter');
        const phone = printed.sections(kind, payload, recipient, school, 'phone');
        const used: [Channel, string[]][] = [
          ['email', out.keys.email],
          ['text', out.keys.text],
          ['sms', out.keys.sms],
          ['letter', letter.flatMap((s: MessageSection) => s.keys)],
          ['phone', phone.flatMap((s: MessageSection) => s.keys)],
        ];
        for (const [channel, keys] of used) {
          expect(keys.length).toBeGreaterThan(0);
          // No channel speaks of a button or an attachment it does not have.
          const lacking = keys.filter((k) => {
            const needs = CHANNEL_BOUND_KEYS[k];
            return needs !== undefined && !HAS[channel][needs];
          });
          expect({ channel, lacking }).toEqual({ channel, lacking: [] });
          // Reasons are the ones for the reader's side.
          const otherSide = reader === 'seeker' ? 'reasons:buddy.' : 'reasons:seeker.';
          expect(keys.filter((k) => k.startsWith(otherSide))).toEqual([]);
        }
        if (kind === 'intro_seeker' || kind === 'intro_buddy')
          expect(out.keys.email).toContain(
            `${kind === 'intro_seeker' ? 'introSeeker' : 'introBuddy'}.question`,
          );
        // Dates in the Gregorian calendar only (2026, not 1404 Solar Hijri or 1447 Hijri).
        const texts = [
          out.text,
          out.html,
          out.sms,
          ...letter.flatMap(sectionStrings),
          ...phone.flatMap(sectionStrings),
        ];
        for (const text of texts.map(asciiDigits)) expect(text).not.toMatch(/\b1[34]\d\d\b/);
        if (kind.startsWith('activity_') && kind !== 'activity_cancelled')
          expect(asciiDigits(out.text)).toContain('2026');
      }
    });
  });

  it('knows every source sentence that speaks of the button or the attachment', () => {
    const flat = (tree: object, prefix = ''): [string, string][] =>
      Object.entries(tree).flatMap(([k, v]) =>
        typeof v === 'string' ? [[`${prefix}${k}`, v]] : flat(v as object, `${prefix}${k}.`),
      );
    for (const [lng, words] of [
      ['nl', /knop|bijlage/i],
      ['en', /button|attach/i],
    ] as const) {
      const messages = JSON.parse(
        readFileSync(join(localesDir(), lng, 'messages.json'), 'utf8'),
      ) as object;
      const speaking = flat(messages)
        .filter(([, text]) => words.test(text))
        .map(([key]) => key);
      expect(speaking.sort()).toEqual(Object.keys(CHANNEL_BOUND_KEYS).sort());
    }
  });

  it('writes Persian and Pashto dates in the Gregorian calendar', () => {
    const when = (lng: ShippedLanguage): string =>
      strip(
        renderer.render(
          'activity_invitation',
          SAMPLE_PAYLOADS.activity_invitation as unknown as Record<string, unknown>,
          { givenName: 'Jan', language: lng },
          school,
          LINK,
        ).text,
      );
    expect(when('fa')).toContain('سه‌شنبه ۱۰ مارس ۲۰۲۶');
    expect(when('ps')).toContain('درېنۍ د ۲۰۲۶ د مارچ ۱۰');
    const letter = printed.letter(
      'activity_invitation',
      SAMPLE_PAYLOADS.activity_invitation as unknown as Record<string, unknown>,
      { givenName: 'Jan', language: 'fa' },
      school,
      LINK,
      new Date('2026-03-01T12:00:00Z'),
    );
    expect(letter).toContain('۱ مارس ۲۰۲۶');
  });

  it("shows an activity's page in the Gregorian calendar, with the translation given", () => {
    const page = (lng: ShippedLanguage): string =>
      activityView({
        t: i18n.t(lng, 'pages'),
        lang: lng,
        token: 't',
        formToken: 'f',
        languageName: (code, inLanguage) => i18n.languageName(code, inLanguage),
        view: {
          activity: {
            id: 'a',
            kind: 'coffee_morning',
            title: 'Koffieochtend',
            titles: { fa: 'قهوهٔ صبح' },
            description: 'Koffie en een praatje',
            descriptions: { fa: 'قهوه و گفتگو' },
            startsAt: '2026-03-10T08:30:00.000Z',
            endsAt: '2026-03-10T10:00:00.000Z',
            localStart: '2026-03-10T09:30',
            localEnd: '2026-03-10T11:00',
            timeZone: 'Europe/Amsterdam',
            location: 'Aula',
            languages: ['nl', 'ar', 'tr'],
            interpreter: false,
            childcare: false,
            costCents: null,
            capacity: null,
          },
          rsvp: { state: 'none', ahead: null },
          placesLeft: null,
          full: false,
          cancelled: false,
          past: false,
          canSignUp: true,
          canCancel: false,
        },
      }).value;
    const fa = page('fa');
    expect(fa).toContain('<h1>قهوهٔ صبح</h1>');
    expect(fa).toContain('<p>قهوه و گفتگو</p>');
    expect(fa).not.toContain('Koffie');
    expect(asciiDigits(fa)).toContain('10 مارس');
    expect(asciiDigits(fa)).not.toMatch(/\b1[34]\d\d\b/);
    // Languages joined by Intl.ListFormat (Persian "و", no ASCII comma)
    const names = ['nl', 'ar', 'tr'].map((code) => i18n.languageName(code, 'fa'));
    expect(fa).toContain(
      `<dd>${new Intl.ListFormat('fa', { type: 'conjunction' }).format(names)}</dd>`,
    );
    expect(fa).not.toMatch(/<dd>[^<]*, /);
    expect(asciiDigits(page('ps'))).not.toMatch(/\b1[34]\d\d\b/);
    expect(page('nl')).toContain('dinsdag 10 maart, 09:30–11:00');
  });

  describe('the calendar file', () => {
    const activity = anActivityRef({
      titles: { en: 'Coffee morning' },
      description: 'Koffie en een praatje',
      descriptions: { en: 'Coffee and a chat' },
      version: 3,
    });
    const ics = (kind: MessageKind, lng: ShippedLanguage): string =>
      renderer.render(
        kind,
        activity as unknown as Record<string, unknown>,
        { givenName: 'Jan', language: lng },
        school,
        LINK,
        { now: new Date('2026-03-01T12:00:00Z') },
      ).attachments![0].content;

    it("is in the parent's language, with the activity's UID and SEQUENCE from its version", () => {
      const en = ics('activity_confirmed', 'en').split('\r\n');
      expect(en).toEqual(
        expect.arrayContaining([
          `UID:activity-${activity.activityId}@oudermaatje`,
          'SEQUENCE:2',
          'SUMMARY:Coffee morning',
          'DESCRIPTION:Coffee and a chat',
          'STATUS:CONFIRMED',
        ]),
      );
      const nl = ics('activity_confirmed', 'nl').split('\r\n');
      expect(nl).toEqual(
        expect.arrayContaining(['SUMMARY:Koffieochtend', 'DESCRIPTION:Koffie en een praatje']),
      );
    });

    it('cancels the same entry when the activity is cancelled, and updates it on a change', () => {
      const cancelled = ics('activity_cancelled', 'en').split('\r\n');
      expect(cancelled).toEqual(
        expect.arrayContaining([
          `UID:activity-${activity.activityId}@oudermaatje`,
          'SEQUENCE:2',
          'STATUS:CANCELLED',
        ]),
      );
      expect(ics('activity_changed', 'en')).toContain('STATUS:CONFIRMED');
    });
  });
});

function sectionStrings(s: MessageSection): string[] {
  return [
    s.subject,
    s.greeting,
    ...s.blocks.flatMap((b) => (b.type === 'p' ? [b.text] : [b.title, ...b.items])),
  ];
}

/** Arabic-Indic, Persian, and other decimal digits as ASCII, to compare years. */
function asciiDigits(s: string): string {
  return s.replace(/\p{Nd}/gu, (d) => {
    const code = d.codePointAt(0)!;
    for (const zero of [0x660, 0x6f0, 0x966, 0x9e6, 0x1369 - 1])
      if (code >= zero && code <= zero + 9) return String(code - zero);
    return d;
  });
}
