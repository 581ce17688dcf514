import { I18nService } from '../../../src/i18n/i18n.service';
import { SHIPPED_LANGUAGES } from '../../../src/i18n/languages';
import { MESSAGE_KIND_NAMES, MESSAGE_KINDS } from '../../../src/notifications/message-kinds';
import { MessageRenderer } from '../../../src/notifications/message-renderer';
import { SMS_MAX_PARTS, smsLength } from '../../../src/notifications/sms-length';
import { SAMPLE_PAYLOADS } from './sample-payloads';

const renderer = new MessageRenderer(new I18nService());
/** A school's address as long as most are, and a school name longer than most. */
const BASE = 'https://oudermaatje.example.nl';
const LONG_LINK = `${BASE}/p/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde`;
const SHORT_LINK = `${BASE}/c/ABCD-2345`;
const school = { name: 'Basisschool De Regenboog', bilingual: false };

describe('SMS length', () => {
  it('counts GSM-7 characters (two for the extension table) and UCS-2 units', () => {
    expect(smsLength('Hallo Anna, tot morgen!')).toEqual({
      encoding: 'gsm7',
      units: 23,
      parts: 1,
      limit: 306,
    });
    expect(smsLength('Kosten: €2,50 [contant]')).toMatchObject({ encoding: 'gsm7', units: 26 });
    expect(smsLength('a'.repeat(160)).parts).toBe(1);
    expect(smsLength('a'.repeat(161)).parts).toBe(2);
    expect(smsLength('a'.repeat(307)).parts).toBe(3);
    // One letter outside GSM-7 (ç, ş, Arabic) makes the whole text UCS-2.
    expect(smsLength('Çocuklarınıza bakılacak')).toMatchObject({
      encoding: 'ucs2',
      units: 23,
      parts: 1,
      limit: 134,
    });
    expect(smsLength('ب'.repeat(71)).parts).toBe(2);
    expect(smsLength('ب'.repeat(135)).parts).toBe(3);
  });

  describe.each([...SHIPPED_LANGUAGES])('in %s', (lng) => {
    it.each(MESSAGE_KIND_NAMES)(
      'an SMS of %s carries the short link and fits in two parts',
      (kind) => {
        const out = renderer.render(
          kind,
          SAMPLE_PAYLOADS[kind] as unknown as Record<string, unknown>,
          { givenName: 'Fatima', language: lng },
          school,
          LONG_LINK,
          { only: 'sms', smsLink: SHORT_LINK },
        );
        expect(out.warnings).toEqual([]);
        expect(out.sms).toContain(SHORT_LINK);
        expect(out.sms).not.toContain('/p/');
        // Only the SMS was written.
        expect([out.html, out.text, out.keys.email, out.keys.text]).toEqual(['', '', [], []]);
        expect(out.keys.sms).toEqual(
          expect.arrayContaining([
            kind === 'welcome' ? 'sms.welcome' : `${MESSAGE_KINDS[kind].template}.subject`,
            MESSAGE_KINDS[kind].asks ? 'sms.answer' : 'sms.more',
          ]),
        );
        const length = smsLength(out.sms);
        expect(length.parts).toBeLessThanOrEqual(SMS_MAX_PARTS);
        expect(length.units).toBeLessThanOrEqual(length.limit);
      },
    );
  });

  it('writes only the e-mail when the e-mail is sent', () => {
    const out = renderer.render(
      'intro_seeker',
      SAMPLE_PAYLOADS.intro_seeker,
      { givenName: 'Fatima', language: 'pl' },
      school,
      LONG_LINK,
      { only: 'email' },
    );
    expect(out.sms).toBe('');
    expect(out.keys.sms).toEqual([]);
    expect(out.html).toContain(LONG_LINK);
    expect(out.text).toContain(LONG_LINK);
  });
});
