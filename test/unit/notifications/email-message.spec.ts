import { simpleParser } from 'mailparser';
import { EmailComposer, parseMailbox } from '../../../src/notifications/transports/email-message';
import type { OutgoingMessage } from '../../../src/notifications/transports/message-transport';

const ID = '6f1c4a52-7a1e-4f0e-9d5e-0f1f2e3d4c5b';
const DATE = new Date('2026-03-10T08:30:05.000Z');

function message(over: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    notificationId: ID,
    channel: 'email',
    to: 'ouder@example.org',
    subject: 'Uitnodiging: koffieochtend',
    text: 'Beste Fatima,\n\nWelkom.\n.Een regel met een punt vooraan.\n',
    html: '<p>Beste Fatima,</p><p>Welkom.</p>',
    sms: '',
    contentLanguage: 'nl',
    unsubscribeUrl: 'https://oudermaatje.example/p/abc?view=preferences',
    ...over,
  };
}

describe('EmailComposer', () => {
  const composer = new EmailComposer(
    'Oudermaatje <no-reply@oudermaatje.example>',
    'oudermaatje.example',
  );

  it('writes the headers, the envelope and the text and HTML parts a mail program reads back', async () => {
    const email = composer.compose(message(), DATE);
    expect(email.envelope).toEqual({
      from: 'no-reply@oudermaatje.example',
      to: 'ouder@example.org',
    });
    expect(email.messageId).toBe(`<${ID}@oudermaatje.example>`);
    const headers = email.raw.split('\r\n\r\n')[0].split('\r\n');
    expect(headers).toEqual([
      'From: Oudermaatje <no-reply@oudermaatje.example>',
      'To: ouder@example.org',
      'Subject: Uitnodiging: koffieochtend',
      `Message-ID: <${ID}@oudermaatje.example>`,
      'Date: Tue, 10 Mar 2026 08:30:05 +0000',
      'MIME-Version: 1.0',
      'Content-Language: nl',
      'List-Unsubscribe: <https://oudermaatje.example/p/abc?view=preferences>',
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      'Auto-Submitted: auto-generated',
      'Content-Type: multipart/alternative;',
      ' boundary="=_om_alt_6f1c4a527a1e4f0e9d5e0f1f2e3d4c5b"',
    ]);
    const mail = await simpleParser(email.raw);
    expect(mail.subject).toBe('Uitnodiging: koffieochtend');
    expect(mail.text).toBe('Beste Fatima,\n\nWelkom.\n.Een regel met een punt vooraan.\n');
    expect(mail.html).toBe('<p>Beste Fatima,</p><p>Welkom.</p>');
    expect(mail.attachments).toEqual([]);
  });

  it('is 7-bit with lines of at most 76 characters, and the same for the same message', () => {
    const long = 'أهلا بكم في لقاء القهوة الصباحي مع الأهالي الآخرين في المدرسة '.repeat(4);
    const email = composer.compose(
      message({ subject: long, text: long.repeat(10), html: `<p>${long}</p>` }),
      DATE,
    );
    expect(email.raw).toMatch(/^[\x20-\x7e\r\n]*$/);
    const lines = email.raw.split('\r\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(76);
    expect(email.raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(
      composer.compose(
        message({ subject: long, text: long.repeat(10), html: `<p>${long}</p>` }),
        DATE,
      ).raw,
    ).toBe(email.raw);
  });

  it('encodes a right-to-left subject and a sender name with accents so they read back whole', async () => {
    const subject = 'دعوة: صباح القهوة – Koffieochtend في المدرسة مع الأهالي الآخرين';
    const email = new EmailComposer(
      'Basisschool "De Brug" – Utrecht <no-reply@school.example>',
      'school.example',
    ).compose(message({ subject, contentLanguage: 'ar, nl' }), DATE);
    const mail = await simpleParser(email.raw);
    expect(mail.subject).toBe(subject);
    expect(mail.from?.value).toEqual([
      { address: 'no-reply@school.example', name: 'Basisschool "De Brug" – Utrecht' },
    ]);
    expect(mail.headers.get('content-language')).toBe('ar, nl');
  });

  it('puts the calendar file beside the text and HTML in a multipart/mixed message', async () => {
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';
    const email = composer.compose(
      message({
        attachments: [
          {
            filename: 'activity.ics',
            contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
            content: ics,
          },
        ],
      }),
      DATE,
    );
    const mail = await simpleParser(email.raw);
    expect(mail.text).toBe('Beste Fatima,\n\nWelkom.\n.Een regel met een punt vooraan.\n');
    expect(mail.html).toBe('<p>Beste Fatima,</p><p>Welkom.</p>');
    expect(
      mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString('utf8')]),
    ).toEqual([['activity.ics', 'text/calendar', ics]]);
  });

  it('keeps CR and LF in any value from starting a header of its own', () => {
    const { raw, envelope } = composer.compose(
      message({
        to: 'ouder@example.org\r\nBcc: attacker@example.org',
        subject: 'Welkom\r\nBcc: attacker@example.org',
        contentLanguage: 'nl\nX-Injected: 1',
        unsubscribeUrl: 'https://example.org/p/x\r\nX-Injected: 2',
      }),
      DATE,
    );
    const headers = raw.split('\r\n\r\n')[0];
    expect(headers).not.toMatch(/^(Bcc|X-Injected):/im);
    expect(headers).toMatch(/^Subject: Welkom Bcc: attacker@example.org$/m);
    expect(envelope.to).toBe('ouder@example.org Bcc: attacker@example.org');
  });

  it('writes no List-Unsubscribe for staff mail', () => {
    const { raw } = composer.compose(message({ unsubscribeUrl: undefined }), DATE);
    expect(raw.split('\r\n\r\n')[0]).not.toMatch(/List-Unsubscribe/);
  });
});

describe('parseMailbox', () => {
  it('reads MAIL_FROM in its usual forms', () => {
    expect(parseMailbox('no-reply@example.org')).toEqual({
      header: 'no-reply@example.org',
      address: 'no-reply@example.org',
    });
    expect(parseMailbox('"Oudermaatje" <no-reply@example.org>')).toEqual({
      header: 'Oudermaatje <no-reply@example.org>',
      address: 'no-reply@example.org',
    });
    expect(parseMailbox('School, Utrecht <no-reply@bücher.example>')).toEqual({
      header: '"School, Utrecht" <no-reply@xn--bcher-kva.example>',
      address: 'no-reply@xn--bcher-kva.example',
    });
  });
});
