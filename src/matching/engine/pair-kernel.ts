import { EngineParent, MatchingWeights } from './matching.types';
import {
  CONVERSATIONAL_RANK,
  GENERIC_SITUATIONS,
  LEVEL_RANK,
  pairKey,
  profileOf,
  RuleContext,
} from './rules';
import { hasWeakDutch } from './scoring';

/** A set of small codes as bits: `words` 32-bit words per parent, in one flat array. */
class Bits {
  readonly words: number;
  readonly data: Uint32Array;
  constructor(vocabulary: number, parents: number) {
    this.words = Math.max(1, Math.ceil(vocabulary / 32));
    this.data = new Uint32Array(this.words * parents);
  }
  set(parent: number, code: number): void {
    this.data[parent * this.words + (code >>> 5)] |= 1 << (code & 31);
  }
  empty(parent: number): boolean {
    for (let k = 0, i = parent * this.words; k < this.words; k++, i++)
      if (this.data[i]) return false;
    return true;
  }
  /** Whether parent a's set here and parent b's set in `other` (same vocabulary) share a code. */
  meet(a: number, b: number, other: Bits = this): boolean {
    const w = this.words;
    if (w === 1) return (this.data[a] & other.data[b]) !== 0;
    for (let k = 0; k < w; k++) if (this.data[a * w + k] & other.data[b * w + k]) return true;
    return false;
  }
  /** How many codes parent a's set here and parent b's set in `other` have in common. */
  common(a: number, b: number, other: Bits = this): number {
    const w = this.words;
    let n = 0;
    for (let k = 0; k < w; k++) n += popcount(this.data[a * w + k] & other.data[b * w + k]);
    return n;
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Codes to small numbers, per run. */
class Vocabulary {
  private readonly codes = new Map<string, number>();
  id(code: string): number {
    let id = this.codes.get(code);
    if (id === undefined) {
      id = this.codes.size;
      this.codes.set(code, id);
    }
    return id;
  }
  get size(): number {
    return this.codes.size;
  }
}

/**
 * The hard rules and the pair score of one run, precomputed per parent as bit sets and
 * numbers, so checking and scoring a pair costs a few integer operations instead of map
 * lookups and small arrays. It computes exactly what eligibility() and scorePoints() compute
 * (the unit tests compare them on random instances); those stay the readable definition.
 *
 * eligible() assumes the seeker can seek (canSeek) and the buddy can offer with a free slot
 * (canOffer, freeSlots > 0): those rules depend on one parent only and are checked once.
 */
export class PairKernel {
  readonly parents: readonly EngineParent[];
  readonly index = new Map<EngineParent, number>();
  private readonly conversational: Bits;
  private readonly ownLanguages: Bits;
  private readonly seeking: Bits;
  private readonly specific: Bits;
  private readonly experienced: Bits;
  private readonly childYears: Bits;
  private readonly childClasses: Bits;
  private readonly availability: Bits;
  private readonly interests: Bits;
  private readonly school: Int32Array;
  private readonly household: Int32Array;
  private readonly postcode: Int32Array;
  private readonly years: Float64Array;
  /**
   * 1: weak Dutch; 2: seeks help as a newcomer; 4: seeks anything; 8: named in an exclusion;
   * 16: seeks help with a specific (not generic) situation.
   */
  private readonly flags: Uint8Array;

  constructor(
    parents: readonly EngineParent[],
    private readonly ctx: RuleContext,
  ) {
    this.parents = parents;
    const n = parents.length;
    const languages = new Vocabulary();
    const situations = new Vocabulary();
    const years = new Vocabulary();
    const classes = new Vocabulary();
    const slots = new Vocabulary();
    const interests = new Vocabulary();
    const schools = new Vocabulary();
    const households = new Vocabulary();
    const postcodes = new Vocabulary();
    const profiles = parents.map((p) => profileOf(p, ctx.profiles));
    for (const [i, p] of parents.entries()) {
      for (const code of profiles[i].languages.keys()) languages.id(code);
      for (const code of profiles[i].seeking) situations.id(code);
      for (const code of profiles[i].experienced) situations.id(code);
      for (const y of p.childYears) years.id(y);
      for (const c of p.childClasses) classes.id(c);
      for (const s of p.availability) slots.id(s);
      for (const s of p.interests) interests.id(s);
    }
    this.conversational = new Bits(languages.size, n);
    this.ownLanguages = new Bits(languages.size, n);
    this.seeking = new Bits(situations.size, n);
    this.specific = new Bits(situations.size, n);
    this.experienced = new Bits(situations.size, n);
    this.childYears = new Bits(years.size, n);
    this.childClasses = new Bits(classes.size, n);
    this.availability = new Bits(slots.size, n);
    this.interests = new Bits(interests.size, n);
    this.school = new Int32Array(n);
    this.household = new Int32Array(n);
    this.postcode = new Int32Array(n);
    this.years = new Float64Array(n);
    this.flags = new Uint8Array(n);
    const excludedIds = new Set<string>();
    for (const key of ctx.excluded) for (const id of key.split('\u0000')) excludedIds.add(id);
    for (const [i, p] of parents.entries()) {
      this.index.set(p, i);
      const profile = profiles[i];
      for (const [code, rank] of profile.languages) {
        if (rank >= CONVERSATIONAL_RANK) this.conversational.set(i, languages.id(code));
        if (rank === LEVEL_RANK.native && code !== 'nl')
          this.ownLanguages.set(i, languages.id(code));
      }
      for (const code of profile.seeking) {
        this.seeking.set(i, situations.id(code));
        if (!GENERIC_SITUATIONS.has(code)) this.specific.set(i, situations.id(code));
      }
      for (const code of profile.experienced) this.experienced.set(i, situations.id(code));
      for (const y of p.childYears) this.childYears.set(i, years.id(y));
      for (const c of p.childClasses) this.childClasses.set(i, classes.id(c));
      for (const s of p.availability) this.availability.set(i, slots.id(s));
      for (const s of p.interests) this.interests.set(i, interests.id(s));
      this.school[i] = schools.id(p.schoolId);
      this.household[i] = p.householdId === null ? -1 : households.id(p.householdId);
      this.postcode[i] = p.postcodeArea === null ? -1 : postcodes.id(p.postcodeArea);
      this.years[i] = p.yearsAtSchool;
      this.flags[i] =
        (hasWeakDutch(p) ? 1 : 0) |
        (profile.seeking.includes('new_to_school') || profile.seeking.includes('new_to_nl')
          ? 2
          : 0) |
        (profile.seeking.length > 0 ? 4 : 0) |
        (excludedIds.has(p.id) ? 8 : 0) |
        (this.specific.empty(i) ? 0 : 16);
    }
  }

  /** Whether the pair passes the hard rules that involve both parents (see class comment). */
  eligible(s: number, b: number): boolean {
    if (s === b) return false;
    const hh = this.household[s];
    if (hh !== -1 && hh === this.household[b]) return false;
    if (!this.ctx.allowCrossSchool && this.school[s] !== this.school[b]) return false;
    if (
      this.flags[s] & 8 &&
      this.flags[b] & 8 &&
      this.ctx.excluded.has(pairKey(this.parents[s].id, this.parents[b].id))
    )
      return false;
    if (!this.conversational.meet(s, b)) return false;
    if (!(this.flags[s] & 4)) return true;
    if (this.flags[s] & 16) return this.specific.meet(s, b, this.experienced);
    return this.years[b] >= this.ctx.experiencedYears || this.seeking.meet(s, b, this.experienced);
  }

  /** scorePoints() of the pair. */
  points(s: number, b: number, w: MatchingWeights): number {
    let points = 0;
    if (this.conversational.meet(s, b)) {
      points += w.sharedLanguage;
      if (
        w.firstLanguageBonus > 0 &&
        this.flags[s] & 1 &&
        this.ownLanguages.meet(s, b, this.conversational)
      )
        points += w.firstLanguageBonus;
    }
    if (w.situation > 0 && this.flags[s] & 4)
      points += this.seeking.common(s, b, this.experienced) * w.situation;
    if (w.newcomerWithExperienced > 0 && this.flags[s] & 2 && this.years[b] >= w.experiencedYears)
      points += w.newcomerWithExperienced;
    if (w.sameSchoolYear > 0 && this.childYears.meet(s, b)) points += w.sameSchoolYear;
    if (w.sameClass > 0 && this.school[s] === this.school[b] && this.childClasses.meet(s, b))
      points += w.sameClass;
    if (w.sameNeighbourhood > 0 && this.postcode[s] !== -1 && this.postcode[s] === this.postcode[b])
      points += w.sameNeighbourhood;
    const slots = Math.min(this.availability.common(s, b) * w.availabilitySlot, w.availabilityCap);
    if (slots > 0) points += slots;
    const shared = Math.min(this.interests.common(s, b) * w.sharedInterest, w.interestCap);
    if (shared > 0) points += shared;
    return points;
  }
}
