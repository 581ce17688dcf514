import {
  DEFAULT_WEIGHTS,
  EngineParent,
  MatchingError,
  MatchingWeights,
  RuleContext,
  buildRuleContext,
  buildScoringContext,
  eligibility,
  resolveWeights,
  scorePair,
} from '../../../src/matching/engine';
import { failingRules } from '../../../src/matching/engine/rules';
import { aBuddy, aSeeker } from '../../factories/engine-parent.factory';

function ctx(overrides: Partial<Parameters<typeof buildRuleContext>[0]> = {}): RuleContext {
  return buildRuleContext({ allowCrossSchool: false, experiencedYears: 2, ...overrides });
}

const seeker = (o: Partial<EngineParent> = {}): EngineParent => aSeeker({ id: 'seeker', ...o });
const buddy = (o: Partial<EngineParent> = {}): EngineParent => aBuddy({ id: 'buddy', ...o });

describe('hard rules', () => {
  it('accepts a seeker and a free Dutch-speaking buddy of the same school', () => {
    expect(eligibility(seeker(), buddy(), ctx())).toEqual({ ok: true });
  });

  it('never pairs a parent with themself', () => {
    const both = aSeeker({ id: 'p1', offers: true, capacity: 1 });
    expect(eligibility(both, both, ctx())).toEqual({ ok: false, rule: 'same_parent' });
  });

  it('requires the seeker to seek a buddy now', () => {
    expect(eligibility(seeker({ seeksNow: false }), buddy(), ctx())).toEqual({
      ok: false,
      rule: 'seeker_not_seeking',
    });
  });

  it('requires the buddy to offer', () => {
    expect(eligibility(seeker(), buddy({ offers: false }), ctx())).toEqual({
      ok: false,
      rule: 'buddy_not_offering',
    });
  });

  it('requires a free slot: capacity minus current load above zero', () => {
    expect(eligibility(seeker(), buddy({ capacity: 2, currentLoad: 2 }), ctx())).toEqual({
      ok: false,
      rule: 'buddy_full',
    });
    expect(eligibility(seeker(), buddy({ capacity: 2, currentLoad: 1 }), ctx())).toEqual({
      ok: true,
    });
  });

  it.each([
    ['seeker', seeker({ consentToMatch: false }), buddy()],
    ['buddy', seeker(), buddy({ consentToMatch: false })],
  ])('requires consent to be matched from both (missing: %s)', (_who, s, b) => {
    expect(eligibility(s, b, ctx())).toEqual({ ok: false, rule: 'no_consent' });
  });

  it.each([
    ['seeker paused', seeker({ status: 'paused' }), buddy()],
    ['seeker left', seeker({ status: 'left' }), buddy()],
    ['buddy paused', seeker(), buddy({ status: 'paused' })],
    ['buddy left', seeker(), buddy({ status: 'left' })],
  ])('rejects a pair with a paused or departed parent (%s)', (_case, s, b) => {
    expect(eligibility(s, b, ctx())).toEqual({ ok: false, rule: 'inactive_status' });
  });

  it('never pairs members of one household, but parents without a household are fine', () => {
    expect(eligibility(seeker({ householdId: 'h1' }), buddy({ householdId: 'h1' }), ctx())).toEqual(
      {
        ok: false,
        rule: 'same_household',
      },
    );
    expect(eligibility(seeker({ householdId: null }), buddy({ householdId: null }), ctx())).toEqual(
      {
        ok: true,
      },
    );
  });

  it('keeps pairs within one school unless cross-school matching is allowed', () => {
    const s = seeker({ schoolId: 's1' });
    const b = buddy({ schoolId: 's2' });
    expect(eligibility(s, b, ctx())).toEqual({ ok: false, rule: 'other_school' });
    expect(eligibility(s, b, ctx({ allowCrossSchool: true }))).toEqual({ ok: true });
  });

  it('rejects an excluded pair in either direction', () => {
    const excluded = ctx({ excludedPairs: [{ seekerId: 'buddy', buddyId: 'seeker' }] });
    expect(eligibility(seeker(), buddy(), excluded)).toEqual({ ok: false, rule: 'excluded_pair' });
  });

  it('requires a language both speak at conversational level or better', () => {
    const arabic = seeker({ languages: [{ code: 'ar', level: 'native' }], dutchLevel: 'basic' });
    expect(eligibility(arabic, buddy(), ctx())).toEqual({ ok: false, rule: 'no_shared_language' });
  });

  it('does not count a language one of them speaks only at basic level', () => {
    const s = seeker({ languages: [{ code: 'tr', level: 'native' }], dutchLevel: 'none' });
    const b = buddy({ languages: [{ code: 'tr', level: 'basic' }] });
    expect(eligibility(s, b, ctx())).toEqual({ ok: false, rule: 'no_shared_language' });
    const conversational = buddy({ languages: [{ code: 'tr', level: 'conversational' }] });
    expect(eligibility(s, conversational, ctx())).toEqual({ ok: true });
  });

  it('counts the Dutch level from the intake as a language', () => {
    const s = seeker({
      languages: [{ code: 'pl', level: 'native' }],
      dutchLevel: 'conversational',
    });
    const b = buddy({ languages: [], dutchLevel: 'fluent' });
    expect(eligibility(s, b, ctx())).toEqual({ ok: true });
  });

  it('requires experience with a specific situation the seeker seeks', () => {
    const s = seeker({ situations: [{ code: 'dyslexia', stance: 'seeking' }] });
    expect(eligibility(s, buddy({ yearsAtSchool: 8 }), ctx())).toEqual({
      ok: false,
      rule: 'no_experience',
    });
    const experienced = buddy({ situations: [{ code: 'dyslexia', stance: 'experienced' }] });
    expect(eligibility(s, experienced, ctx())).toEqual({ ok: true });
  });

  it('accepts experience with one of several specific situations sought', () => {
    const s = seeker({
      situations: [
        { code: 'dyslexia', stance: 'seeking' },
        { code: 'divorce', stance: 'seeking' },
      ],
    });
    const b = buddy({ situations: [{ code: 'divorce', stance: 'experienced' }] });
    expect(eligibility(s, b, ctx())).toEqual({ ok: true });
  });

  it('does not let years at school cover a specific situation sought next to a generic one', () => {
    const s = seeker({
      situations: [
        { code: 'new_to_school', stance: 'seeking' },
        { code: 'adhd', stance: 'seeking' },
      ],
    });
    expect(eligibility(s, buddy({ yearsAtSchool: 6 }), ctx())).toEqual({
      ok: false,
      rule: 'no_experience',
    });
  });

  it('lets a parent at the school for experiencedYears cover being new to the school or country', () => {
    const s = seeker({ situations: [{ code: 'new_to_nl', stance: 'seeking' }] });
    expect(eligibility(s, buddy({ yearsAtSchool: 1 }), ctx())).toEqual({
      ok: false,
      rule: 'no_experience',
    });
    expect(eligibility(s, buddy({ yearsAtSchool: 2 }), ctx())).toEqual({ ok: true });
    const wentThroughIt = buddy({
      yearsAtSchool: 0,
      situations: [{ code: 'new_to_nl', stance: 'experienced' }],
    });
    expect(eligibility(s, wentThroughIt, ctx())).toEqual({ ok: true });
  });

  it('pairs a seeker who seeks no situation with any language partner', () => {
    expect(eligibility(seeker({ situations: [] }), buddy({ yearsAtSchool: 0 }), ctx())).toEqual({
      ok: true,
    });
  });

  it('names the first broken rule and lists all of them in rule order', () => {
    const s = seeker({
      householdId: 'h1',
      languages: [{ code: 'so', level: 'native' }],
      dutchLevel: 'none',
    });
    const b = buddy({ householdId: 'h1', schoolId: 's2', capacity: 1, currentLoad: 1 });
    expect(eligibility(s, b, ctx())).toEqual({ ok: false, rule: 'same_household' });
    expect(failingRules(s, b, ctx())).toEqual([
      'same_household',
      'other_school',
      'no_shared_language',
      'buddy_full',
    ]);
  });
});

describe('weights', () => {
  it('uses the documented defaults when the school sets nothing', () => {
    expect(resolveWeights(undefined)).toEqual(DEFAULT_WEIGHTS);
    expect(DEFAULT_WEIGHTS.situation).toBe(30);
    expect(DEFAULT_WEIGHTS.secondSeekerPenalty).toBe(8);
  });

  it('merges the school weights over the defaults', () => {
    const w = resolveWeights({ situation: 50, sameClass: 0 });
    expect(w).toEqual({ ...DEFAULT_WEIGHTS, situation: 50, sameClass: 0 });
  });

  it.each<[string, Partial<Record<keyof MatchingWeights, unknown>>, string]>([
    ['a fraction', { situation: 2.5 }, 'situation'],
    ['a negative number', { sameClass: -1 }, 'sameClass'],
    ['infinity', { waitingCap: Infinity }, 'waitingCap'],
    ['not a number', { sharedLanguage: NaN }, 'sharedLanguage'],
    ['a string', { sharedInterest: '3' }, 'sharedInterest'],
    [
      'an unknown key',
      { distance: 3 } as Partial<Record<keyof MatchingWeights, unknown>>,
      'distance',
    ],
    ['a third seeker cheaper than a second', { thirdSeekerPenalty: 4 }, 'thirdSeekerPenalty'],
    ['a cap below one step', { availabilitySlot: 5, availabilityCap: 3 }, 'availabilityCap'],
    ['an absurdly large weight', { situation: 1_000_001 }, 'situation'],
  ])('rejects %s and names the key', (_case, partial, key) => {
    let error: unknown;
    try {
      resolveWeights(partial as Partial<MatchingWeights>);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MatchingError);
    expect((error as MatchingError).code).toBe('matching.invalid_weights');
    expect((error as MatchingError).details).toMatchObject({ key });
  });

  it('allows a cap of 0 to switch a criterion off', () => {
    expect(resolveWeights({ availabilityCap: 0 }).availabilityCap).toBe(0);
  });
});

describe('scoring a pair', () => {
  const scoring = buildScoringContext(['dyslexia']);

  it('explains every soft criterion with its points and params', () => {
    const s = seeker({
      situations: [{ code: 'new_to_school', stance: 'seeking' }],
      shareableSituations: ['new_to_school'],
      childYears: ['groep-3', 'groep-5'],
      childClasses: ['3B'],
      postcodeArea: '1055',
      availability: ['mon-morning', 'wed-afternoon', 'fri-morning'],
      interests: ['cooking', 'football', 'music', 'sewing'],
    });
    const b = buddy({
      yearsAtSchool: 4,
      shareableSituations: ['new_to_school'],
      childYears: ['groep-3'],
      childClasses: ['3B'],
      postcodeArea: '1055',
      availability: ['wed-afternoon', 'fri-morning', 'sat-morning'],
      interests: ['cooking', 'football', 'music', 'sewing'],
    });
    expect(scorePair(s, b, DEFAULT_WEIGHTS, scoring)).toEqual({
      points: 10 + 15 + 8 + 4 + 6 + 4 + 6,
      reasons: [
        { code: 'shared_language', params: { language: 'nl' }, points: 10, staffOnly: false },
        {
          code: 'newcomer_with_experienced',
          params: { situation: 'new_to_school', count: 4 },
          points: 15,
          staffOnly: false,
        },
        {
          code: 'same_school_year',
          params: { year: 'groep-3', count: 1 },
          points: 8,
          staffOnly: false,
        },
        { code: 'same_class', params: { class: '3B', count: 1 }, points: 4, staffOnly: false },
        {
          code: 'same_neighbourhood',
          params: { postcode: '1055' },
          points: 6,
          staffOnly: false,
        },
        { code: 'availability_overlap', params: { count: 2 }, points: 4, staffOnly: false },
        // 4 shared interests x 2 capped at 6
        { code: 'shared_interests', params: { count: 4 }, points: 6, staffOnly: false },
      ],
    });
  });

  it('prefers the native language of a seeker with weak Dutch and adds the first-language bonus', () => {
    const s = seeker({
      languages: [
        { code: 'ar', level: 'native' },
        { code: 'en', level: 'fluent' },
      ],
      dutchLevel: 'basic',
    });
    const b = buddy({
      languages: [
        { code: 'en', level: 'native' },
        { code: 'ar', level: 'conversational' },
      ],
    });
    expect(scorePair(s, b, DEFAULT_WEIGHTS, scoring).reasons).toEqual([
      { code: 'shared_language', params: { language: 'ar' }, points: 10, staffOnly: false },
      { code: 'first_language', params: { language: 'ar' }, points: 20, staffOnly: false },
    ]);
  });

  it('gives no first-language bonus to a seeker who speaks Dutch well', () => {
    const s = seeker({ languages: [{ code: 'tr', level: 'native' }], dutchLevel: 'fluent' });
    const b = buddy({ languages: [{ code: 'tr', level: 'native' }], dutchLevel: 'native' });
    expect(scorePair(s, b, DEFAULT_WEIGHTS, scoring)).toEqual({
      points: 10,
      reasons: [
        { code: 'shared_language', params: { language: 'tr' }, points: 10, staffOnly: false },
      ],
    });
  });

  it('names a sensitive situation to the parents when both chose to share it', () => {
    const s = seeker({
      situations: [{ code: 'dyslexia', stance: 'seeking' }],
      shareableSituations: ['dyslexia'],
    });
    const b = buddy({
      situations: [{ code: 'dyslexia', stance: 'experienced' }],
      shareableSituations: ['dyslexia'],
    });
    expect(scorePair(s, b, DEFAULT_WEIGHTS, scoring).reasons).toContainEqual({
      code: 'situation_experience',
      params: { situation: 'dyslexia' },
      points: 30,
      staffOnly: false,
    });
  });

  it('marks a situation staff-only unless both parents agreed to share it', () => {
    const s = seeker({
      situations: [{ code: 'divorce', stance: 'seeking' }],
      shareableSituations: ['divorce'],
    });
    const notShared = buddy({ situations: [{ code: 'divorce', stance: 'experienced' }] });
    const shared = buddy({
      situations: [{ code: 'divorce', stance: 'experienced' }],
      shareableSituations: ['divorce'],
    });
    const situationReason = (b: EngineParent) =>
      scorePair(s, b, DEFAULT_WEIGHTS, scoring).reasons.find(
        (r) => r.code === 'situation_experience',
      );
    expect(situationReason(notShared)?.staffOnly).toBe(true);
    expect(situationReason(shared)?.staffOnly).toBe(false);
  });

  it('leaves out criteria the school switched off, but always names the shared language', () => {
    const w = resolveWeights({ sharedLanguage: 0, sameNeighbourhood: 0 });
    const s = seeker({ postcodeArea: '1055' });
    const b = buddy({ postcodeArea: '1055' });
    expect(scorePair(s, b, w, scoring)).toEqual({
      points: 0,
      reasons: [
        { code: 'shared_language', params: { language: 'nl' }, points: 0, staffOnly: false },
      ],
    });
  });
});
