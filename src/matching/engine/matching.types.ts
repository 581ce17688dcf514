/**
 * Input and output of a matching run, as plain data. The Nest service loads parents and
 * past matches from the database, maps them to these types, calls proposeMatches(), and
 * saves the result. Nothing here knows about HTTP, TypeORM or Nest.
 */

export type LanguageLevel = 'native' | 'fluent' | 'conversational' | 'basic';
/** Dutch level as recorded at intake. */
export type DutchLevel = 'none' | 'basic' | 'conversational' | 'fluent' | 'native';
export type Stance = 'seeking' | 'experienced';
export type ParentStatus = 'enrolled' | 'waiting' | 'matched' | 'paused' | 'left';

export interface EngineParent {
  id: string;
  schoolId: string;
  /** Members of one household are never paired with each other. */
  householdId: string | null;
  /** Wants a buddy (role seeker or both) and has no open or active match as seeker. */
  seeksNow: boolean;
  /** Offers to be a buddy (role buddy or both). */
  offers: boolean;
  /** Total buddy capacity 1..3 (0 when not offering). */
  capacity: number;
  /** Seekers this parent already has as buddy (proposed-and-approved or active). */
  currentLoad: number;
  status: ParentStatus;
  consentToMatch: boolean;
  languages: { code: string; level: LanguageLevel }[];
  dutchLevel: DutchLevel;
  situations: { code: string; stance: Stance }[];
  /** School years of the children, e.g. 'groep-3', 'vo-1', 'early-years'. */
  childYears: string[];
  /** Class names of the children where known, e.g. '3B'. */
  childClasses: string[];
  /** 4-digit postcode area, e.g. '1055'. */
  postcodeArea: string | null;
  /** Availability slots, e.g. 'mon-morning', 'sat-afternoon'. */
  availability: string[];
  interests: string[];
  /** Whole years the family has been at the school (0 = new this year). */
  yearsAtSchool: number;
  /** Days since the parent started waiting for a buddy (0 = today). */
  waitingDays: number;
  /** Situation codes the parent agreed to mention to a buddy (the rest stay with staff). */
  shareableSituations: string[];
}

export interface MatchingWeights {
  /** A shared language (conversational or better on both sides). */
  sharedLanguage: number;
  /** Extra when the seeker's Dutch is weak (none/basic) and the shared language is the seeker's native one. */
  firstLanguageBonus: number;
  /** Per situation the seeker seeks support in and the buddy has experience with. */
  situation: number;
  /** Seeker new to the school or the country, buddy at the school for >= experiencedYears. */
  newcomerWithExperienced: number;
  experiencedYears: number;
  sameSchoolYear: number;
  sameClass: number;
  sameNeighbourhood: number;
  /** Per overlapping availability slot, capped at availabilityCap. */
  availabilitySlot: number;
  availabilityCap: number;
  /** Per shared interest, capped at interestCap. */
  sharedInterest: number;
  interestCap: number;
  /** Cost of a buddy's 2nd and 3rd seeker (load spreading), in order. */
  secondSeekerPenalty: number;
  thirdSeekerPenalty: number;
  /** Priority: per full week waiting, capped at waitingCap. */
  waitingPerWeek: number;
  waitingCap: number;
  /** Priority for seekers with at most scarceCandidates possible buddies. */
  scarcityBonus: number;
  scarceCandidates: number;
}

export interface PairRef {
  seekerId: string;
  buddyId: string;
}

export interface MatchingInput {
  parents: EngineParent[];
  /** Pairs that must not be proposed: declined, ended badly, or forbidden by staff. */
  excludedPairs: PairRef[];
  /** Pairs staff pinned: proposed regardless of score (hard rules still apply). */
  pinnedPairs: PairRef[];
  /** School weights over the defaults. */
  weights?: Partial<MatchingWeights>;
  /** Whether parents of different schools (of one board) may be paired. */
  allowCrossSchool: boolean;
  /** Situation codes that are sensitive (health, origin, family life). */
  sensitiveSituations: string[];
}

export type ReasonCode =
  | 'shared_language'
  | 'first_language'
  | 'situation_experience'
  | 'newcomer_with_experienced'
  | 'same_school_year'
  | 'same_class'
  | 'same_neighbourhood'
  | 'availability_overlap'
  | 'shared_interests'
  | 'waiting_priority'
  | 'scarce_candidates'
  | 'pinned'
  /** Load spreading: the buddy's 2nd or 3rd seeker (existing ones counted); negative points. */
  | 'load_penalty';

export interface Reason {
  code: ReasonCode;
  /** Values for the sentence, e.g. { language: 'ar' } or { situation: 'dyslexia' } or { count: 3 }. */
  params: Record<string, string | number>;
  /** Points this reason adds to the score (negative for a penalty). */
  points: number;
  /**
   * True when the reason reveals something sensitive (a sensitive situation) or something
   * a parent did not agree to share; such reasons are for staff only.
   */
  staffOnly: boolean;
}

export interface Proposal {
  seekerId: string;
  buddyId: string;
  /** Fit score (sum of reason points, load penalty included). */
  score: number;
  reasons: Reason[];
  pinned: boolean;
}

export type UnmatchedReason =
  /** Nobody offering shares a language with the seeker at conversational level or better. */
  | 'no_shared_language'
  /** Language partners exist, but nobody has experience with what the seeker seeks. */
  | 'no_experience'
  /** Suitable buddies exist but all are at capacity. */
  | 'all_full'
  /** Suitable buddies exist but the optimum gave them to other seekers. */
  | 'taken_by_others'
  /** Every candidate was excluded (declined, ended, forbidden, same household, other school). */
  | 'no_eligible_buddy';

export interface UnmatchedSeeker {
  seekerId: string;
  reason: UnmatchedReason;
  /** Number of buddies that passed every hard rule for this seeker. */
  candidates: number;
}

export interface MatchingResult {
  proposals: Proposal[];
  unmatched: UnmatchedSeeker[];
  stats: {
    seekers: number;
    buddies: number;
    candidatePairs: number;
    matched: number;
    totalScore: number;
  };
}
