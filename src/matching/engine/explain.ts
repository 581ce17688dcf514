import { EngineParent, UnmatchedReason } from './matching.types';
import { CONVERSATIONAL_RANK, GENERIC_SITUATIONS, LEVEL_RANK } from './rules';

/**
 * What would help a seeker the run left without a buddy, as plain data a page turns into a
 * sentence ("a buddy who speaks Tigrinya", "a buddy with experience of dyslexia"). It reads
 * the same facts the hard rules read, so the advice matches the reason the engine gave.
 */
export type HelpHint =
  /** Nobody shares a language: a buddy who speaks one of these (best spoken first). */
  | { code: 'buddy_speaking'; languages: string[] }
  /** Nobody went through what the seeker asked help with: one of these situations. */
  | { code: 'buddy_with_experience'; situations: string[] }
  /** Only "new to the school / country" asked: a buddy at the school for `years` or more. */
  | { code: 'buddy_long_at_school'; years: number }
  /** Suitable buddies are all full: more buddies, or one who takes one more parent. */
  | { code: 'more_places' }
  /** Suitable buddies went to others: more buddies like them, or wait for the next run. */
  | { code: 'more_buddies'; candidates: number }
  /** Someone would fit but is excluded, paused, of the same household or another school. */
  | { code: 'review_exclusions' };

export type HelpSeeker = Pick<EngineParent, 'languages' | 'dutchLevel' | 'situations'>;

const DUTCH_RANK: Readonly<Record<EngineParent['dutchLevel'], number>> = {
  none: 0,
  basic: 1,
  conversational: 2,
  fluent: 3,
  native: 4,
};

/**
 * The seeker's languages a buddy could talk in: those spoken at conversational level or
 * better, best first (then by code); when there are none, every language they speak at all.
 */
export function seekerLanguages(seeker: HelpSeeker): string[] {
  const ranks = new Map<string, number>();
  for (const { code, level } of seeker.languages)
    ranks.set(code, Math.max(ranks.get(code) ?? 0, LEVEL_RANK[level] ?? 0));
  const dutch = DUTCH_RANK[seeker.dutchLevel] ?? 0;
  if (dutch > 0) ranks.set('nl', Math.max(ranks.get('nl') ?? 0, dutch));
  const all = [...ranks.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const usable = all.filter(([, rank]) => rank >= CONVERSATIONAL_RANK);
  return (usable.length ? usable : all).map(([code]) => code);
}

/** What would help an unmatched seeker, from the reason the run gave. */
export function whatWouldHelp(
  seeker: HelpSeeker,
  unmatched: { reason: UnmatchedReason; candidates: number },
  experiencedYears: number,
): HelpHint {
  switch (unmatched.reason) {
    case 'no_shared_language':
      return { code: 'buddy_speaking', languages: seekerLanguages(seeker) };
    case 'no_experience': {
      const seeking = [
        ...new Set(seeker.situations.filter((s) => s.stance === 'seeking').map((s) => s.code)),
      ].sort();
      const specific = seeking.filter((code) => !GENERIC_SITUATIONS.has(code));
      if (specific.length) return { code: 'buddy_with_experience', situations: specific };
      return { code: 'buddy_long_at_school', years: experiencedYears };
    }
    case 'all_full':
      return { code: 'more_places' };
    case 'taken_by_others':
      return { code: 'more_buddies', candidates: unmatched.candidates };
    case 'no_eligible_buddy':
      return { code: 'review_exclusions' };
  }
}
