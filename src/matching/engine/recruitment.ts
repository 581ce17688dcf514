import { seekerLanguages } from './explain';
import type { EngineParent, MatchingInput } from './matching.types';
import { proposeMatches } from './propose';
import { GENERIC_SITUATIONS } from './rules';
import { resolveWeights } from './weights';

/** A kind of new buddy the school could recruit, and what the engine says it would bring. */
export interface RecruitmentOption {
  /** The language the new buddy speaks (conversational or better), or null: Dutch only. */
  language: string | null;
  /** A situation the new buddy went through, or null: none in particular. */
  situation: string | null;
  /** How many more seekers the engine matches with this buddy added (at most CANDIDATE_PLACES). */
  moreMatched: number;
  /** The availability slot most of those seekers share (to ask a new buddy about), or null. */
  availability: string | null;
}

/** The places the imagined new buddy offers (the most a buddy may take). */
export const CANDIDATE_PLACES = 3;
/** At most this many kinds are tried (each is a full run of the engine). */
export const MAX_CANDIDATES = 12;

const CANDIDATE_ID = '~candidate-buddy';

/**
 * Which kinds of new buddy would let the most of the seekers left without one be matched:
 * the exact engine is run once as it is and once per kind with one imagined buddy of that
 * kind added, and the kinds are ranked by how many more seekers are matched. Only kinds that
 * unmatched seekers need are tried (their languages, their languages with a situation they
 * seek help with, Dutch with that situation), at most MAX_CANDIDATES; pins are left out
 * (they choose pairs, they do not add any). Pure: plain engine input in, options out.
 */
export function recruitmentAdvice(input: MatchingInput, schoolId: string): RecruitmentOption[] {
  const run = (parents: EngineParent[]) => proposeMatches({ ...input, parents, pinnedPairs: [] });
  const base = run(input.parents);
  if (!base.unmatched.length) return [];
  const byId = new Map(input.parents.map((p) => [p.id, p]));
  const unmatched = base.unmatched.map((u) => byId.get(u.seekerId)!).filter(Boolean);
  const kinds = new Map<string, { language: string | null; situation: string | null }>();
  const add = (language: string | null, situation: string | null): void => {
    const key = `${language ?? ''}|${situation ?? ''}`;
    if (!kinds.has(key)) kinds.set(key, { language, situation });
  };
  for (const s of unmatched) {
    const languages = seekerLanguages(s);
    const specific = s.situations
      .filter((x) => x.stance === 'seeking' && !GENERIC_SITUATIONS.has(x.code))
      .map((x) => x.code)
      .sort();
    for (const l of languages) {
      const language = l === 'nl' ? null : l;
      if (specific.length) for (const code of specific) add(language, code);
      else add(language, null);
    }
  }
  const experiencedYears = resolveWeights(input.weights).experiencedYears;
  const options: RecruitmentOption[] = [];
  for (const kind of [...kinds.values()].slice(0, MAX_CANDIDATES)) {
    const candidate = candidateBuddy(schoolId, kind, experiencedYears);
    const result = run([...input.parents, candidate]);
    const moreMatched = result.proposals.length - base.proposals.length;
    if (moreMatched <= 0) continue;
    // The seekers the new buddy takes, and the slot most of them are free.
    const slots = new Map<string, number>();
    for (const p of result.proposals)
      if (p.buddyId === CANDIDATE_ID)
        for (const slot of byId.get(p.seekerId)?.availability ?? [])
          slots.set(slot, (slots.get(slot) ?? 0) + 1);
    const best = [...slots].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    options.push({ ...kind, moreMatched, availability: best ? best[0] : null });
  }
  return options.sort(
    (a, b) =>
      b.moreMatched - a.moreMatched ||
      Number(a.situation !== null) - Number(b.situation !== null) ||
      `${a.language}|${a.situation}`.localeCompare(`${b.language}|${b.situation}`),
  );
}

/**
 * The imagined buddy: speaks the language natively (and too little Dutch to count, unless the
 * kind is Dutch), went through the situation, at the school long enough to cover "new to the
 * school / country", with CANDIDATE_PLACES free places.
 */
function candidateBuddy(
  schoolId: string,
  kind: { language: string | null; situation: string | null },
  experiencedYears: number,
): EngineParent {
  const dutch = kind.language === null;
  return {
    id: CANDIDATE_ID,
    schoolId,
    householdId: null,
    seeksNow: false,
    offers: true,
    capacity: CANDIDATE_PLACES,
    currentLoad: 0,
    status: 'enrolled',
    consentToMatch: true,
    languages: dutch ? [] : [{ code: kind.language!, level: 'native' }],
    dutchLevel: dutch ? 'native' : 'basic',
    situations: kind.situation ? [{ code: kind.situation, stance: 'experienced' }] : [],
    childYears: [],
    childClasses: [],
    postcodeArea: null,
    availability: [],
    interests: [],
    yearsAtSchool: experiencedYears,
    waitingDays: 0,
    shareableSituations: [],
  };
}
