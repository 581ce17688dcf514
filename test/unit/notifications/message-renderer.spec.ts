import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { I18nService, localesDir } from '../../../src/i18n/i18n.service';
import { directionOf, SHIPPED_LANGUAGES, ShippedLanguage } from '../../../src/i18n/languages';
import { chooseMessageLanguage } from '../../../src/notifications/message-language';
import { MESSAGE_KIND_NAMES, MESSAGE_KINDS } from '../../../src/notifications/message-kinds';
import { MessageRenderer } from '../../../src/notifications/message-renderer';
import { anActivityRef, SAMPLE_PAYLOADS } from './sample-payloads';

const i18n = new I18nService();
const renderer = new MessageRenderer(i18n);
const LINK = 'https://school.example/p/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';
const school = { name: 'De Regenboog', bilingual: false };
const hasTexts = (lng: string): boolean => existsSync(join(localesDir(), lng, 'messages.json'));

/** Keys look like "introSeeker.subject", "common.why", "parent.shared_language", "situation.dyslexia". */
const KEY_PATTERN = new RegExp(
  `(^|[^\\w/])(${[...Object.values(MESSAGE_KINDS).map((k) => k.template), 'common', 'task', 'parent', 'staff', 'situation'].join('|')})\\.[A-Za-z_]+`,
);
const strip = (s: string): string => s.replace(/[\u200E\u200F\u2066-\u2069]/g, '');

describe('message renderer', () => {
  describe.each([...SHIPPED_LANGUAGES])('in %s', (lng) => {
    it.each(MESSAGE_KIND_NAMES)('renders %s completely, in the right direction', (kind) => {
      for (const bilingual of [false, true]) {
        const out = renderer.render(
          kind,
          SAMPLE_PAYLOADS[kind] as unknown as Record<string, unknown>,
          { givenName: 'Fatima', language: lng, languages: [{ code: lng, level: 'native' }] },
          { ...school, bilingual },
          LINK,
        );
        if (hasTexts(lng)) expect(out.language).toBe(lng);
        expect(out.warnings).toEqual([]);
        expect(out.dir).toBe(directionOf(out.language));
        for (const part of [out.subject, out.text, out.html, out.sms]) {
          expect(part).not.toMatch(/\{\{|\}\}|[\uE000-\uE002]/);
          expect(part).not.toMatch(KEY_PATTERN);
        }
        expect(out.html).toContain(`<html lang="${out.language}" dir="${out.dir}">`);
        expect(out.html).toContain('text-align:start');
        expect(out.html).toContain('<bdi>Fatima</bdi>');
        expect(strip(out.text)).toContain('Fatima');
        expect(out.text).toContain(`${LINK}?view=preferences`);
        if (MESSAGE_KINDS[kind].asks) expect(out.html).toContain(`href="${LINK}"`);
        if (out.dir === 'rtl') {
          const ownLanguage = out.text.split(/\n-{10,}\n/)[0].split('\n');
          expect(
            ownLanguage.filter(
              (l) => l && !l.startsWith('http') && l !== '--' && !l.startsWith('\u200F'),
            ),
          ).toEqual([]);
          expect(out.text).toContain('\u2068Fatima\u2069');
        }
        const withDutch = bilingual && out.language !== 'nl';
        expect(out.contentLanguage).toBe(withDutch ? `${out.language}, nl` : out.language);
        expect(out.html.includes('<div lang="nl" dir="ltr"')).toBe(
          withDutch || out.language === 'nl',
        );
        expect(Boolean(out.attachments)).toBe(
          [
            'activity_confirmed',
            'activity_promoted',
            'activity_reminder',
            'activity_changed',
            'activity_cancelled',
          ].includes(kind),
        );
      }
    });
  });

  it('uses the plural forms of Polish (few, many) and Arabic (six forms)', () => {
    const pl = i18n.t('pl', 'messages');
    const waitlisted = (lng: ShippedLanguage, ahead: number): string =>
      strip(
        renderer.render(
          'activity_waitlisted',
          { ...anActivityRef(), ahead },
          { givenName: 'Jan', language: lng },
          school,
          LINK,
        ).text,
      );
    expect(waitlisted('pl', 3)).toContain(pl('activityWaitlisted.position_few', { count: 3 }));
    expect(waitlisted('pl', 5)).toContain(pl('activityWaitlisted.position_many', { count: 5 }));
    expect(waitlisted('pl', 22)).toContain(pl('activityWaitlisted.position_few', { count: 22 }));
    const ar = i18n.t('ar', 'messages');
    for (const [count, form] of [
      [0, 'zero'],
      [1, 'one'],
      [2, 'two'],
      [3, 'few'],
      [11, 'many'],
      [100, 'other'],
    ] as const)
      expect(waitlisted('ar', count)).toContain(
        strip(
          ar(`activityWaitlisted.position_${form}`, {
            count: new Intl.NumberFormat('ar').format(count),
          }),
        ),
      );
  });

  it("writes reasons with language names and situation labels in the reader's language", () => {
    const out = renderer.render(
      'intro_seeker',
      SAMPLE_PAYLOADS.intro_seeker,
      { givenName: 'Jan', language: 'nl' },
      school,
      LINK,
    );
    expect(out.text).toContain('Jullie spreken allebei Pools.');
    expect(out.text).toContain(
      'Anna heeft zelf ervaring met iets waar jij hulp bij zoekt: Kind met dyslexie.',
    );
    expect(out.text).toContain('Anna is al 3 jaar op deze school en kent de weg.');
    expect(out.text).toContain('Wil je binnen 5 dagen antwoorden?');
  });

  it('shows activity times in Amsterdam time and the cost in euro', () => {
    const out = renderer.render(
      'activity_invitation',
      SAMPLE_PAYLOADS.activity_invitation as unknown as Record<string, unknown>,
      { givenName: 'Jan', language: 'nl' },
      school,
      LINK,
    );
    expect(out.text).toContain('Wanneer: dinsdag 10 maart 2026, van 09:30 tot 11:00');
    expect(out.text).toContain('Het kost €\u00a02,50.');
    expect(out.text).toContain('Talen: Nederlands, Arabisch en Turks');
    expect(out.text).toContain('Neem je maatje Anna mee!');
  });

  it('puts the translated title first when the activity has one', () => {
    const out = renderer.render(
      'activity_cancelled',
      anActivityRef({ titles: { en: 'Coffee morning' } }) as unknown as Record<string, unknown>,
      { givenName: 'Jan', language: 'en' },
      school,
      LINK,
    );
    expect(out.subject).toBe('Cancelled: Coffee morning');
  });

  it('escapes names in HTML', () => {
    const out = renderer.render(
      'buddy_declined',
      { matchId: 'm', otherName: '<script>x</script>' },
      { givenName: 'A&B', language: 'nl' },
      school,
      LINK,
    );
    expect(out.html).toContain('<bdi>&lt;script&gt;x&lt;/script&gt;</bdi>');
    expect(out.html).toContain('<bdi>A&amp;B</bdi>');
  });

  describe('fallback chain', () => {
    const has = (shipped: string[]) => (lng: ShippedLanguage) => shipped.includes(lng);
    it('keeps the message language when it has the template', () => {
      expect(chooseMessageLanguage('ar', [], has(['ar', 'nl']))).toBe('ar');
    });
    it('takes another shipped language the parent reads, best level first', () => {
      const spoken = [
        { code: 'ps', level: 'native' as const },
        { code: 'en', level: 'conversational' as const },
        { code: 'fa', level: 'fluent' as const },
      ];
      expect(chooseMessageLanguage('ps', spoken, has(['en', 'fa', 'nl']))).toBe('fa');
    });
    it('ignores languages spoken only a little, then falls back to Dutch', () => {
      expect(chooseMessageLanguage('ps', [{ code: 'en', level: 'basic' }], has(['en', 'nl']))).toBe(
        'nl',
      );
    });
    it('records the language used by the renderer', () => {
      const out = renderer.render(
        'welcome',
        { role: 'seeker' },
        {
          givenName: 'Jan',
          language: 'ber',
          languages: [
            { code: 'ber', level: 'native' },
            { code: 'tr', level: 'fluent' },
          ],
        },
        school,
        LINK,
      );
      expect(out.language).toBe('tr');
      expect(out.html).toContain('<html lang="tr" dir="ltr">');
    });
  });
});
