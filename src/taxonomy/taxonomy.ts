/**
 * The fixed vocabulary of intake and matching. Labels live in locales/<lang>/taxonomy.json.
 * `sensitive` marks special-category or sensitive personal data under the AVG (health,
 * origin, family life): such a situation is never put in a message to another parent
 * unless the parent chose to share it.
 */
export const SITUATIONS = [
  { code: 'new_to_school', sensitive: false },
  { code: 'new_to_nl', sensitive: false },
  { code: 'refugee_background', sensitive: true },
  { code: 'dyslexia', sensitive: true },
  { code: 'adhd_autism', sensitive: true },
  { code: 'giftedness', sensitive: false },
  { code: 'special_needs', sensitive: true },
  { code: 'chronic_illness', sensitive: true },
  { code: 'divorce', sensitive: true },
  { code: 'single_parent', sensitive: true },
  { code: 'bereavement', sensitive: true },
  { code: 'secondary_transition', sensitive: false },
  { code: 'bullying', sensitive: true },
  { code: 'multilingual_upbringing', sensitive: false },
  { code: 'money_worries', sensitive: true },
  { code: 'dutch_institutions', sensitive: false },
] as const;
export type SituationCode = (typeof SITUATIONS)[number]['code'];
export const SITUATION_CODES: readonly string[] = SITUATIONS.map((s) => s.code);
export const SENSITIVE_SITUATIONS: readonly string[] = SITUATIONS.filter((s) => s.sensitive).map(
  (s) => s.code,
);

export const SKILLS = [
  'cooking',
  'baking',
  'storytelling',
  'reading_aloud',
  'music',
  'singing',
  'dance',
  'languages',
  'translation',
  'crafts',
  'sewing',
  'gardening',
  'sports',
  'digital',
  'trade',
  'organising',
  'photography',
  'art',
] as const;

export const INTERESTS = [
  'reading',
  'sports',
  'cooking',
  'nature',
  'music',
  'art',
  'games',
  'technology',
  'culture',
  'school_life',
  'parenting',
  'health',
] as const;

export const LANGUAGE_LEVELS = ['native', 'fluent', 'conversational', 'basic'] as const;
export const DUTCH_LEVELS = ['none', 'basic', 'conversational', 'fluent', 'native'] as const;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const DAY_PARTS = ['morning', 'afternoon', 'evening'] as const;
export const AVAILABILITY_SLOTS: readonly string[] = WEEKDAYS.flatMap((d) =>
  DAY_PARTS.map((p) => `${d}-${p}`),
);

export const ACTIVITY_KINDS = [
  'coffee_morning',
  'language_cafe',
  'workshop_digital',
  'workshop_budget',
  'workshop_yoga',
  'cooking_together',
  'cultural_outing',
  'information_evening',
  'parent_hosted',
  'other',
] as const;

/** School years: early years (peuters/VVE), groep 1–8 (primary), VO year 1–6 (secondary). */
export const SCHOOL_YEARS: readonly string[] = [
  'early-years',
  ...Array.from({ length: 8 }, (_, i) => `groep-${i + 1}`),
  ...Array.from({ length: 6 }, (_, i) => `vo-${i + 1}`),
];

/** Languages offered first in intake forms (the common home languages of Dutch schools). */
export const COMMON_HOME_LANGUAGES = [
  'nl',
  'en',
  'ar',
  'ary',
  'ber',
  'tr',
  'pl',
  'uk',
  'ru',
  'ti',
  'so',
  'fa',
  'prs',
  'ps',
  'ku',
  'es',
  'pt',
  'ro',
  'bg',
  'fr',
  'de',
  'zh',
  'pap',
];
