import { Injectable } from '@nestjs/common';
import { I18nService } from '../i18n/i18n.service';
import { directionOf, SHIPPED_LANGUAGES } from '../i18n/languages';
import { ISO_639_1, ISO_639_3_EXTRA } from './iso-639';
import {
  ACTIVITY_KINDS,
  COMMON_HOME_LANGUAGES,
  DAY_PARTS,
  DUTCH_LEVELS,
  INTERESTS,
  LANGUAGE_LEVELS,
  SCHOOL_YEARS,
  SITUATIONS,
  SKILLS,
  WEEKDAYS,
} from './taxonomy';

export interface Labelled {
  code: string;
  label: string;
}

export interface TaxonomyDto {
  lang: string;
  dir: 'ltr' | 'rtl';
  situations: (Labelled & { sensitive: boolean })[];
  skills: Labelled[];
  interests: Labelled[];
  languages: (Labelled & { nativeName: string; common: boolean })[];
  messageLanguages: (Labelled & { nativeName: string; dir: 'ltr' | 'rtl' })[];
  languageLevels: Labelled[];
  dutchLevels: Labelled[];
  availability: (Labelled & { weekday: string; dayPart: string })[];
  schoolYears: string[];
  activityKinds: Labelled[];
}

@Injectable()
export class TaxonomyService {
  private readonly cache = new Map<string, TaxonomyDto>();

  constructor(private readonly i18n: I18nService) {}

  forLanguage(lang: string): TaxonomyDto {
    const cached = this.cache.get(lang);
    if (cached) return cached;
    const t = this.i18n.t(lang, 'taxonomy');
    const label = (group: string, code: string): string => t(`${group}.${code}`);
    const common = new Set(COMMON_HOME_LANGUAGES);
    const allLanguages = [...new Set([...COMMON_HOME_LANGUAGES, ...ISO_639_1, ...ISO_639_3_EXTRA])];
    const dto: TaxonomyDto = {
      lang,
      dir: directionOf(lang),
      situations: SITUATIONS.map((s) => ({
        code: s.code,
        sensitive: s.sensitive,
        label: label('situation', s.code),
      })),
      skills: SKILLS.map((code) => ({ code, label: label('skill', code) })),
      interests: INTERESTS.map((code) => ({ code, label: label('interest', code) })),
      languages: allLanguages.map((code) => ({
        code,
        label: this.i18n.languageName(code, lang),
        nativeName: this.i18n.languageName(code, code),
        common: common.has(code),
      })),
      messageLanguages: SHIPPED_LANGUAGES.map((code) => ({
        code,
        label: this.i18n.languageName(code, lang),
        nativeName: this.i18n.languageName(code, code),
        dir: directionOf(code),
      })),
      languageLevels: LANGUAGE_LEVELS.map((code) => ({
        code,
        label: label('languageLevel', code),
      })),
      dutchLevels: DUTCH_LEVELS.map((code) => ({ code, label: label('dutchLevel', code) })),
      availability: WEEKDAYS.flatMap((weekday) =>
        DAY_PARTS.map((dayPart) => ({
          code: `${weekday}-${dayPart}`,
          weekday,
          dayPart,
          label: t('availabilitySlot', {
            weekday: label('weekday', weekday),
            dayPart: label('dayPart', dayPart),
          }),
        })),
      ),
      schoolYears: [...SCHOOL_YEARS],
      activityKinds: ACTIVITY_KINDS.map((code) => ({ code, label: label('activityKind', code) })),
    };
    this.cache.set(lang, dto);
    return dto;
  }
}
