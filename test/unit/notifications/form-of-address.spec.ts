import { I18nService } from '../../../src/i18n/i18n.service';
import { ReasonTextService } from '../../../src/matching/reason-text.service';
import { SHIPPED_LANGUAGES } from '../../../src/i18n/languages';
import { MESSAGE_KIND_NAMES } from '../../../src/notifications/message-kinds';
import { addressContext, MessageRenderer } from '../../../src/notifications/message-renderer';
import { FORMS_OF_ADDRESS } from '../../../src/parents/parent.types';
import { SAMPLE_PAYLOADS } from './sample-payloads';

const renderer = new MessageRenderer(new I18nService());
const LINK = 'https://school.example/p/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';
const school = { name: 'De Regenboog', bilingual: false };

function render(
  kind: (typeof MESSAGE_KIND_NAMES)[number],
  lng: string,
  other: string | null,
  reader: (typeof FORMS_OF_ADDRESS)[number] | null = null,
  payload: Record<string, unknown> = SAMPLE_PAYLOADS[kind] as unknown as Record<string, unknown>,
): string {
  const out = renderer.render(
    kind,
    { ...payload, otherFormOfAddress: other },
    { givenName: 'Fatima', language: lng, formOfAddress: reader },
    school,
    LINK,
    { only: 'email' },
  );
  expect(out.warnings).toEqual([]);
  return out.text;
}

describe('form of address', () => {
  it('maps a form of address to an i18next context, neutral by default', () => {
    expect(FORMS_OF_ADDRESS.map(addressContext)).toEqual(['female', 'male', undefined]);
    expect([null, undefined, 'other'].map(addressContext)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it.each([...SHIPPED_LANGUAGES])(
    'renders every kind in %s for a woman, a man and without a form of address',
    (lng) => {
      for (const kind of MESSAGE_KIND_NAMES)
        for (const form of [...FORMS_OF_ADDRESS, null]) render(kind, lng, form, form);
    },
  );

  it('speaks of the other parent as a woman, a man, or neutrally (Tigrinya)', () => {
    const intro = (form: string | null): string => render('intro_seeker', 'ti', form);
    expect(intro('feminine')).toContain('ወላዲት እያ');
    expect(intro('masculine')).toContain('ወላዲ እዩ');
    for (const neutral of [null, 'neutral']) {
      expect(intro(neutral)).toContain('ስድራ');
      expect(intro(neutral)).not.toMatch(/ወላዲት? እ(ያ|ዩ)/);
    }
    // The reasons about the buddy follow the buddy's form too ("she knows" / "he knows").
    expect(intro('feminine')).toContain('ብዛዕባዚ ብዙሕ ትፈልጥ');
    expect(intro('masculine')).toContain('ብዛዕባዚ ብዙሕ ይፈልጥ');
  });

  it("uses the other parent's form, never the reader's, for sentences about the other parent", () => {
    // The reader is a man, the seeker a woman: the buddy reads about a mother (Pashto).
    const text = render('intro_buddy', 'ps', 'feminine', 'masculine');
    expect(text).toContain('مور ده');
    expect(text).not.toContain('پلار دی');
    // Arabic: the seeker's search, from the buddy's side.
    const ar = (form: string | null): string =>
      render('intro_buddy', 'ar', form, null, {
        ...SAMPLE_PAYLOADS.intro_buddy,
        reasons: [{ code: 'situation_experience', params: { situation: 'dyslexia' } }],
      });
    expect(ar('feminine')).toContain('تبحث');
    expect(ar('masculine')).toContain('يبحث');
    expect(ar(null)).toContain('أسرة');
  });

  it("writes the parent page's reasons with the other parent's form too", () => {
    const reasons = new ReasonTextService(new I18nService());
    const names = { seekerName: 'Amira', buddyName: 'Sanne' };
    type ReasonRef = Parameters<ReasonTextService['forParent']>[0];
    const reason = { code: 'situation_experience', params: { situation: 'dyslexia' } } as ReasonRef;
    const shared = { code: 'shared_language', params: { language: 'ti' } } as ReasonRef;
    const text = (context?: 'female' | 'male'): string | null =>
      reasons.forParent(reason, 'ti', 'seeker', names, context);
    expect(text('female')).toContain('Sanne ብዛዕባዚ ብዙሕ ትፈልጥ');
    expect(text('male')).toContain('Sanne ብዛዕባዚ ብዙሕ ይፈልጥ');
    expect(text()).toContain('ስድራ Sanne');
    // What both share has no version per person.
    expect(reasons.forParent(shared, 'ti', 'seeker', names, 'female')).toBe(
      reasons.forParent(shared, 'ti', 'seeker', names),
    );
  });

  it('names the buddy with a feminine noun for a woman (Russian, Ukrainian)', () => {
    expect(render('intro_seeker', 'ru', 'feminine')).toContain('Ваша напарница');
    expect(render('intro_seeker', 'ru', null)).toContain('Ваш напарник');
    expect(render('intro_seeker', 'uk', 'feminine')).toContain('Ваша напарниця');
  });
});
