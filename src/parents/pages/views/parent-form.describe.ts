import type { TFunction } from 'i18next';
import { CONSENT_PURPOSES } from '../../parent.types';
import { orderedChannels, type ParentForm, postcodeArea, schoolYearLabel } from '../parent-form';
import { languageLabel } from './intake-shared';
import type { IntakeVocabulary } from './parent-form.view';

/**
 * The form's sections in words ("groep 3 (Amira)", "Arabisch — العربية: moedertaal"), to
 * show what someone else saved meanwhile next to what the consultant typed.
 */
export function describeForm(
  t: TFunction,
  vocab: IntakeVocabulary,
  f: ParentForm,
): { key: string; label: string; value: string }[] {
  const label = (list: { code: string; label: string }[], code: string): string =>
    list.find((x) => x.code === code)?.label ?? code;
  const lang = (code: string): string => {
    const l = vocab.tax.languages.find((x) => x.code === code);
    return l ? languageLabel(l.label, l.nativeName, l.code) : code;
  };
  const list = (items: string[]): string => items.filter(Boolean).join('; ');
  const sections: [string, string][] = [
    ['givenName', f.givenName],
    ['familyName', f.familyName],
    [
      'children',
      list(
        f.children
          .filter((c) => c.schoolYear || c.firstName || c.className)
          .map((c) =>
            [schoolYearLabel(t, c.schoolYear), c.firstName, c.className].filter(Boolean).join(', '),
          ),
      ),
    ],
    [
      'languages',
      list(
        f.languages
          .filter((l) => l.code || l.level)
          .map((l) => `${lang(l.code)}: ${label(vocab.tax.languageLevels, l.level)}`),
      ),
    ],
    ['dutchLevel', f.dutchLevel ? label(vocab.tax.dutchLevels, f.dutchLevel) : ''],
    ['messageLanguage', f.messageLanguage ? lang(f.messageLanguage) : ''],
    ['prefersSpoken', f.prefersSpoken ? t('form.consent.yes') : t('form.consent.no')],
    [
      'formOfAddress',
      f.formOfAddress
        ? t(`form.formOfAddress.${f.formOfAddress}`)
        : t('form.languages.formOfAddressNone'),
    ],
    ['role', f.role ? t(`form.role.${f.role}`) : ''],
    ['capacity', f.role === 'seeker' ? '' : f.capacity],
    [
      'situations',
      list(
        f.situations
          .filter((s) => s.code || s.stance)
          .map((s) =>
            [
              label(vocab.tax.situations, s.code),
              s.stance ? t(`form.situations.${s.stance}`) : '',
              s.share ? t('form.situations.share') : '',
            ]
              .filter(Boolean)
              .join(', '),
          ),
      ),
    ],
    ['skills', list([...f.skills].sort().map((c) => label(vocab.tax.skills, c)))],
    ['interests', list([...f.interests].sort().map((c) => label(vocab.tax.interests, c)))],
    ['availability', list([...f.availability].sort().map((c) => label(vocab.tax.availability, c)))],
    ['postcode', postcodeArea(f.postcode)],
    ['channels', list(orderedChannels(f).map((c) => t(`channel.${c}`)))],
    ['email', f.email.toLowerCase()],
    ['phone', f.phone],
    [
      'consents',
      list(
        CONSENT_PURPOSES.filter((p) => f.consents[p]).map(
          (p) =>
            `${t(`consent.${p}`)}: ${f.consents[p] === 'yes' ? t('form.consent.yes') : t('form.consent.no')}`,
        ),
      ),
    ],
    ['atSchoolSince', f.atSchoolSince],
    ['intakeNote', f.intakeNote],
  ];
  return sections.map(([key, value]) => ({ key, label: t(`describe.${key}`), value }));
}

/** The sections where the stored record and the typed form differ. */
export function differences(
  t: TFunction,
  vocab: IntakeVocabulary,
  stored: ParentForm,
  typed: ParentForm,
): { label: string; now: string; typed: string }[] {
  const now = describeForm(t, vocab, stored);
  const mine = describeForm(t, vocab, typed);
  return now.flatMap((s, i) =>
    s.value === mine[i].value ? [] : [{ label: s.label, now: s.value, typed: mine[i].value }],
  );
}
