import { I18nService } from '../../../src/i18n/i18n.service';

const i18n = new I18nService();

describe('I18nService.inContext (the parent page translator, with looked-up sentences kept)', () => {
  it('gives every plural form and placeholder right, also when the same call comes again', () => {
    const t = i18n.inContext('nl', 'pages', undefined);
    for (let round = 0; round < 2; round++) {
      expect(t('activity.placesLeft', { count: 1 })).toBe('Nog 1 plek vrij.');
      expect(t('activity.placesLeft', { count: 3 })).toBe('Nog 3 plekken vrij.');
      expect(t('activity.placesLeft', { count: 1 })).toBe('Nog 1 plek vrij.');
    }
    const en = i18n.inContext('en', 'pages', undefined);
    expect(en('activity.placesLeft', { count: 1 })).toBe('1 place left.');
    expect(en('activity.placesLeft', { count: 2 })).toBe('2 places left.');
  });

  it("picks the reader's context, and a context given with the call wins, every time", () => {
    const neutral = i18n.inContext('ru', 'pages', undefined);
    const female = i18n.inContext('ru', 'pages', 'female');
    const name = { name: 'Оля' };
    const sentence = 'Мы предлагаем Вам напарницу: Оля. Оля — тоже родитель в этой школе.';
    for (let round = 0; round < 2; round++) {
      expect(female('buddy.introSeeker', name)).toBe(sentence);
      expect(neutral('buddy.introSeeker', { ...name, context: 'female' })).toBe(sentence);
      expect(neutral('buddy.introSeeker', name)).not.toBe(sentence);
      expect(female('buddy.introSeeker', { ...name, context: undefined })).toBe(
        neutral('buddy.introSeeker', name),
      );
    }
  });

  it('keeps no call whose options hold an object, and falls back to Dutch for an unknown language', () => {
    const t = i18n.inContext('xx', 'pages', undefined);
    expect(t('activity.placesLeft', { count: 2 })).toBe('Nog 2 plekken vrij.');
    const nested = { count: 2, extra: { a: 1 } };
    expect(t('activity.placesLeft', nested)).toBe('Nog 2 plekken vrij.');
  });
});
