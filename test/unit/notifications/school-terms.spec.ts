import { I18nService } from '../../../src/i18n/i18n.service';
import { SHIPPED_LANGUAGES } from '../../../src/i18n/languages';
import { MessageRenderer, schoolTermsIn } from '../../../src/notifications/message-renderer';
import { anActivityRef } from './sample-payloads';

const i18n = new I18nService();
const renderer = new MessageRenderer(i18n);
const LINK = 'https://school.example/p/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';
const school = { name: 'De Regenboog', bilingual: false };

describe('Dutch school words explained where they appear', () => {
  it('finds the words staff type in titles, each once', () => {
    expect(schoolTermsIn('Ouderavond groep 5 en groep 6')).toEqual([
      { code: 'parentEvening', term: 'Ouderavond' },
      { code: 'group', term: 'groep 5' },
    ]);
    expect(schoolTermsIn('10-minutengesprekken; daarna MR-vergadering')).toEqual([
      { code: 'tenMinuteTalk', term: '10-minutengesprekken' },
      { code: 'participationCouncil', term: 'MR' },
    ]);
    expect(schoolTermsIn('Luizencontrole')).toEqual([
      { code: 'liceCheck', term: 'Luizencontrole' },
    ]);
    // Not inside other words, and "mr" in lower case is no council.
    expect(schoolTermsIn('Koffieochtend in de mr. Jansenzaal, Groepsruimte')).toEqual([]);
  });

  it.each([...SHIPPED_LANGUAGES])(
    'explains them in %s under an invitation, naming the Dutch word',
    (lng) => {
      const out = renderer.render(
        'activity_invitation',
        {
          ...anActivityRef({ title: 'Ouderavond groep 5', location: 'Lokaal van de MR' }),
          placesLeft: 3,
        },
        { givenName: 'Fatima', language: lng },
        school,
        LINK,
        { only: 'email' },
      );
      expect(out.warnings).toEqual([]);
      const t = i18n.t(lng, 'taxonomy');
      for (const [code, term] of [
        ['parentEvening', 'Ouderavond'],
        ['group', 'groep 5'],
        ['participationCouncil', 'MR'],
      ]) {
        expect(out.keys.email).toContain(`taxonomy:schoolTerm.${code}`);
        const sentence = t(`schoolTerm.${code}`, { term });
        expect(out.html).toContain(`<bdi>${term}</bdi>`);
        expect(out.text.replace(/[\u2068\u2069\u200f]/g, '')).toContain(sentence);
      }
      expect(out.keys.email).not.toContain('taxonomy:schoolTerm.liceCheck');
    },
  );

  it('says nothing when the title the reader sees has no Dutch school word', () => {
    const out = renderer.render(
      'activity_confirmed',
      anActivityRef({
        title: 'Ouderavond',
        titles: { ar: 'أمسية أولياء الأمور' },
      }) as unknown as Record<string, unknown>,
      { givenName: 'Fatima', language: 'ar' },
      school,
      LINK,
      { only: 'email' },
    );
    expect(out.keys.email.filter((k) => k.startsWith('taxonomy:'))).toEqual([]);
    expect(out.keys.email).not.toContain('common.dutchTerms');
  });
});
