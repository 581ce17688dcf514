import fc from 'fast-check';
import {
  DutchLevel,
  EngineParent,
  LanguageLevel,
  MatchingError,
  MatchingInput,
  MatchingResult,
  ParentStatus,
  PairRef,
  Stance,
  buildRuleContext,
  DEFAULT_WEIGHTS,
  eligibility,
  proposeMatches,
  solveReference,
} from '../../../src/matching/engine';
import { canSeek } from '../../../src/matching/engine/rules';
import { aBuddy, aMatchingInput, aSeeker } from '../../factories/engine-parent.factory';

function propose(parents: EngineParent[], extra: Partial<MatchingInput> = {}): MatchingResult {
  return proposeMatches(aMatchingInput({ parents, ...extra }));
}

function pairs(result: MatchingResult): [string, string][] {
  return result.proposals.map((p) => [p.seekerId, p.buddyId]);
}

function thrown(fn: () => unknown): MatchingError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MatchingError) return e;
    throw e;
  }
  throw new Error('expected a MatchingError');
}

describe('proposeMatches: scenarios from the schools', () => {
  it('pairs the father of a child with new dyslexia with the parent who went through it, not a parent who merely speaks his language', () => {
    const father = aSeeker({
      id: 'father',
      languages: [{ code: 'ar', level: 'native' }],
      dutchLevel: 'fluent',
      situations: [{ code: 'dyslexia', stance: 'seeking' }],
      shareableSituations: ['dyslexia'],
      childClasses: ['5A'],
      postcodeArea: '1055',
    });
    const wentThrough = aBuddy({
      id: 'went-through',
      situations: [{ code: 'dyslexia', stance: 'experienced' }],
      shareableSituations: ['dyslexia'],
    });
    const sameLanguage = aBuddy({
      id: 'same-language',
      languages: [
        { code: 'ar', level: 'native' },
        { code: 'nl', level: 'native' },
      ],
      childClasses: ['5A'],
      postcodeArea: '1055',
    });

    const result = propose([father, wentThrough, sameLanguage], {
      sensitiveSituations: ['dyslexia'],
    });

    expect(result).toEqual({
      proposals: [
        {
          seekerId: 'father',
          buddyId: 'went-through',
          score: 50,
          pinned: false,
          reasons: [
            {
              code: 'situation_experience',
              params: { situation: 'dyslexia' },
              points: 30,
              // both chose to share it with their buddy, so the introduction names it
              staffOnly: false,
            },
            { code: 'scarce_candidates', params: { count: 1 }, points: 10, staffOnly: true },
            { code: 'shared_language', params: { language: 'nl' }, points: 10, staffOnly: false },
          ],
        },
      ],
      unmatched: [],
      stats: { seekers: 1, buddies: 2, candidatePairs: 1, matched: 1, totalScore: 50 },
    });
  });

  it('pairs an Arabic-speaking newcomer with weak Dutch with the bilingual Arabic/Dutch parent', () => {
    const newcomer = aSeeker({
      id: 'newcomer',
      languages: [
        { code: 'ar', level: 'native' },
        { code: 'en', level: 'conversational' },
      ],
      dutchLevel: 'basic',
      situations: [{ code: 'new_to_nl', stance: 'seeking' }],
      shareableSituations: ['new_to_nl'],
      childClasses: ['4A'],
      postcodeArea: '1055',
    });
    const bilingual = aBuddy({
      id: 'bilingual',
      languages: [
        { code: 'ar', level: 'fluent' },
        { code: 'nl', level: 'native' },
      ],
      yearsAtSchool: 3,
    });
    // Speaks English with the newcomer, same class and neighbourhood: 45 points against 55.
    const englishSpeaker = aBuddy({
      id: 'english-speaker',
      languages: [
        { code: 'en', level: 'native' },
        { code: 'nl', level: 'native' },
      ],
      yearsAtSchool: 5,
      childClasses: ['4A'],
      postcodeArea: '1055',
    });

    const result = propose([englishSpeaker, newcomer, bilingual]);

    expect(result.proposals).toEqual([
      {
        seekerId: 'newcomer',
        buddyId: 'bilingual',
        score: 55,
        pinned: false,
        reasons: [
          { code: 'first_language', params: { language: 'ar' }, points: 20, staffOnly: false },
          {
            code: 'newcomer_with_experienced',
            params: { situation: 'new_to_nl', count: 3 },
            points: 15,
            // the bilingual parent did not agree to share new_to_nl
            staffOnly: true,
          },
          { code: 'scarce_candidates', params: { count: 2 }, points: 10, staffOnly: true },
          { code: 'shared_language', params: { language: 'ar' }, points: 10, staffOnly: false },
        ],
      },
    ]);
  });

  it('shows parents the reasons both agreed to share (a sensitive one too), and keeps the rest for staff', () => {
    const seeker = aSeeker({
      id: 'seeker',
      situations: [
        { code: 'divorce', stance: 'seeking' },
        { code: 'adhd', stance: 'seeking' },
      ],
      shareableSituations: ['divorce', 'adhd'],
      waitingDays: 14,
    });
    const buddy = aBuddy({
      id: 'buddy',
      situations: [
        { code: 'divorce', stance: 'experienced' },
        { code: 'adhd', stance: 'experienced' },
      ],
      shareableSituations: ['divorce', 'adhd'],
    });

    const [proposal] = propose([seeker, buddy], { sensitiveSituations: ['adhd'] }).proposals;

    expect(proposal.reasons.filter((r) => !r.staffOnly)).toEqual([
      {
        code: 'situation_experience',
        params: { situation: 'adhd' },
        points: 30,
        staffOnly: false,
      },
      {
        code: 'situation_experience',
        params: { situation: 'divorce' },
        points: 30,
        staffOnly: false,
      },
      { code: 'shared_language', params: { language: 'nl' }, points: 10, staffOnly: false },
    ]);
    expect(proposal.reasons.filter((r) => r.staffOnly).map((r) => [r.code, r.params])).toEqual([
      ['scarce_candidates', { count: 1 }],
      ['waiting_priority', { count: 2, days: 14 }],
    ]);
    expect(proposal.score).toBe(30 + 30 + 10 + 10 + 4);
  });
});

describe('proposeMatches: capacity and load spreading', () => {
  it('gives a capacity-2 buddy who already has one seeker only one more, and reports the load penalty', () => {
    const busy = aBuddy({ id: 'busy', capacity: 2, currentLoad: 1 });
    const seekers = [
      aSeeker({ id: 's1' }),
      aSeeker({ id: 's2' }),
      aSeeker({ id: 's3', waitingDays: 21 }),
    ];

    const result = propose([busy, ...seekers]);

    expect(result.proposals).toEqual([
      {
        seekerId: 's3',
        buddyId: 'busy',
        score: 18,
        pinned: false,
        reasons: [
          { code: 'scarce_candidates', params: { count: 1 }, points: 10, staffOnly: true },
          { code: 'shared_language', params: { language: 'nl' }, points: 10, staffOnly: false },
          { code: 'waiting_priority', params: { count: 3, days: 21 }, points: 6, staffOnly: true },
          { code: 'load_penalty', params: { seekerNumber: 2 }, points: -8, staffOnly: true },
        ],
      },
    ]);
    expect(result.unmatched).toEqual([
      { seekerId: 's1', reason: 'taken_by_others', candidates: 1 },
      { seekerId: 's2', reason: 'taken_by_others', candidates: 1 },
    ]);
    expect(result.stats).toEqual({
      seekers: 3,
      buddies: 1,
      candidatePairs: 3,
      matched: 1,
      totalScore: 18,
    });
  });

  it('gives a free capacity-2 buddy at most two of three seekers', () => {
    const result = propose([
      aBuddy({ id: 'buddy', capacity: 2 }),
      aSeeker({ id: 's1' }),
      aSeeker({ id: 's2' }),
      aSeeker({ id: 's3' }),
    ]);
    expect(result.proposals.filter((p) => p.buddyId === 'buddy')).toHaveLength(2);
    expect(result.unmatched).toHaveLength(1);
  });

  it('spreads two seekers over two equally good buddies', () => {
    const result = propose([
      aBuddy({ id: 'b1', capacity: 2 }),
      aBuddy({ id: 'b2', capacity: 2 }),
      aSeeker({ id: 's1' }),
      aSeeker({ id: 's2' }),
    ]);
    expect(new Set(result.proposals.map((p) => p.buddyId))).toEqual(new Set(['b1', 'b2']));
    expect(result.proposals.map((p) => p.score)).toEqual([20, 20]);
    expect(result.stats.totalScore).toBe(40);
  });

  it('prefers the buddy without seekers over an equally good one who already has one', () => {
    const result = propose([
      aBuddy({ id: 'b1', capacity: 2, currentLoad: 1 }),
      aBuddy({ id: 'b2', capacity: 2, currentLoad: 0 }),
      aSeeker({ id: 's1' }),
    ]);
    expect(pairs(result)).toEqual([['s1', 'b2']]);
  });

  it('still gives a clearly better buddy a second seeker, with the penalty in the score', () => {
    const fit = { childYears: ['groep-4'], childClasses: ['4B'], postcodeArea: '1060' };
    const result = propose([
      aBuddy({ id: 'great', capacity: 2, ...fit }),
      aBuddy({ id: 'plain', capacity: 2 }),
      aSeeker({ id: 's1', ...fit }),
      aSeeker({ id: 's2', ...fit }),
    ]);
    expect(pairs(result)).toEqual([
      ['s1', 'great'],
      ['s2', 'great'],
    ]);
    expect(result.proposals.map((p) => p.score)).toEqual([38, 30]);
    expect(result.proposals[1].reasons).toContainEqual({
      code: 'load_penalty',
      params: { seekerNumber: 2 },
      points: -8,
      staffOnly: true,
    });
  });
});

describe('proposeMatches: who goes first', () => {
  it('matches as many seekers as possible before maximising the score', () => {
    // s1 + popular is worth 54 alone, more than s1 + plain (20) and s2 + popular (20)
    // together; a score-only optimum would leave s2, who only fits popular, without a buddy.
    const fit = {
      childYears: ['groep-3'],
      childClasses: ['3B'],
      postcodeArea: '1055',
      availability: ['mon-am', 'tue-am', 'wed-am', 'thu-am', 'fri-am'],
      interests: ['cooking', 'music', 'sports'],
    };
    const s1 = aSeeker({ id: 's1', ...fit });
    const s2 = aSeeker({
      id: 's2',
      languages: [{ code: 'pl', level: 'fluent' }],
      dutchLevel: 'none',
    });
    const popular = aBuddy({
      id: 'a-popular',
      languages: [
        { code: 'nl', level: 'native' },
        { code: 'pl', level: 'native' },
      ],
      ...fit,
    });
    const plain = aBuddy({ id: 'b-plain' });

    const result = propose([s1, s2, popular, plain]);

    expect(pairs(result)).toEqual([
      ['s1', 'b-plain'],
      ['s2', 'a-popular'],
    ]);
    expect(result.stats.totalScore).toBe(40);
    expect(result.unmatched).toEqual([]);
  });

  it.each([
    [70, 2, 'a'],
    [2, 70, 'b'],
  ])(
    'gives a contested buddy to the seeker who waited longest (a waited %i days, b %i days: %s wins)',
    (aDays, bDays, winner) => {
      const result = propose([
        aSeeker({ id: 'a', waitingDays: aDays }),
        aSeeker({ id: 'b', waitingDays: bDays }),
        aBuddy({ id: 'buddy' }),
      ]);
      const loser = winner === 'a' ? 'b' : 'a';
      expect(pairs(result)).toEqual([[winner, 'buddy']]);
      // 10 language + 10 scarcity + 10 weeks x 2 capped at 12
      expect(result.proposals[0].score).toBe(32);
      expect(result.unmatched).toEqual([
        { seekerId: loser, reason: 'taken_by_others', candidates: 1 },
      ]);
    },
  );

  it('gives a contested buddy to the seeker with no alternative rather than the flexible one', () => {
    const fluent = (code: string) => ({ code, level: 'fluent' as const });
    const native = (code: string) => ({ code, level: 'native' as const });
    const result = propose([
      aSeeker({ id: 'flexible', languages: [fluent('pl'), fluent('en')], dutchLevel: 'none' }),
      aSeeker({ id: 'polish-only', languages: [fluent('pl')], dutchLevel: 'none' }),
      aSeeker({
        id: 'english-1',
        languages: [fluent('en')],
        dutchLevel: 'none',
        availability: ['mon-morning'],
      }),
      aSeeker({ id: 'english-2', languages: [fluent('en')], dutchLevel: 'none' }),
      aBuddy({ id: 'buddy-pl', languages: [native('pl')] }),
      aBuddy({ id: 'buddy-en-1', languages: [native('en')], availability: ['mon-morning'] }),
      aBuddy({ id: 'buddy-en-2', languages: [native('en')] }),
    ]);

    expect(pairs(result)).toEqual([
      ['english-1', 'buddy-en-1'],
      ['english-2', 'buddy-en-2'],
      ['polish-only', 'buddy-pl'],
    ]);
    expect(result.proposals.map((p) => p.score)).toEqual([22, 20, 20]);
    expect(result.proposals[2].reasons).toContainEqual({
      code: 'scarce_candidates',
      params: { count: 1 },
      points: 10,
      staffOnly: true,
    });
    expect(result.unmatched).toEqual([
      { seekerId: 'flexible', reason: 'taken_by_others', candidates: 3 },
    ]);
  });
});

describe('proposeMatches: pins and exclusions', () => {
  const sameClass = { childClasses: ['6C'] };

  it('keeps a pinned pair even when another buddy fits better, and gives the pinned slot to nobody else', () => {
    const result = propose(
      [
        aSeeker({ id: 's1', ...sameClass }),
        // s2 shares a household with the better buddy, so only the pinned buddy fits
        aSeeker({ id: 's2', householdId: 'h9' }),
        aBuddy({ id: 'better', householdId: 'h9', ...sameClass }),
        aBuddy({ id: 'pinned-buddy' }),
      ],
      { pinnedPairs: [{ seekerId: 's1', buddyId: 'pinned-buddy' }] },
    );

    expect(result.proposals).toEqual([
      {
        seekerId: 's1',
        buddyId: 'pinned-buddy',
        score: 10,
        pinned: true,
        reasons: [
          { code: 'shared_language', params: { language: 'nl' }, points: 10, staffOnly: false },
          { code: 'pinned', params: {}, points: 0, staffOnly: true },
        ],
      },
    ]);
    expect(result.unmatched).toEqual([
      { seekerId: 's2', reason: 'taken_by_others', candidates: 1 },
    ]);
  });

  it('counts a pin as the buddy’s first seeker when the optimum adds a second', () => {
    const result = propose(
      [aSeeker({ id: 's1' }), aSeeker({ id: 's2' }), aBuddy({ id: 'buddy', capacity: 2 })],
      { pinnedPairs: [{ seekerId: 's2', buddyId: 'buddy' }] },
    );
    expect(result.proposals.map((p) => [p.seekerId, p.pinned, p.score])).toEqual([
      ['s1', false, 10 + 10 - 8],
      ['s2', true, 10],
    ]);
  });

  it.each<[string, EngineParent[], Partial<MatchingInput>, PairRef, string]>([
    [
      'same household',
      [aSeeker({ id: 's', householdId: 'h1' }), aBuddy({ id: 'b', householdId: 'h1' })],
      {},
      { seekerId: 's', buddyId: 'b' },
      'same_household',
    ],
    [
      'forbidden by staff',
      [aSeeker({ id: 's' }), aBuddy({ id: 'b' })],
      { excludedPairs: [{ seekerId: 's', buddyId: 'b' }] },
      { seekerId: 's', buddyId: 'b' },
      'excluded_pair',
    ],
    [
      'no shared language',
      [
        aSeeker({ id: 's', languages: [{ code: 'so', level: 'native' }], dutchLevel: 'none' }),
        aBuddy({ id: 'b' }),
      ],
      {},
      { seekerId: 's', buddyId: 'b' },
      'no_shared_language',
    ],
    [
      'full buddy',
      [aSeeker({ id: 's' }), aBuddy({ id: 'b', capacity: 1, currentLoad: 1 })],
      {},
      { seekerId: 's', buddyId: 'b' },
      'buddy_full',
    ],
    [
      'unknown parent',
      [aSeeker({ id: 's' })],
      {},
      { seekerId: 's', buddyId: 'ghost' },
      'unknown_parent',
    ],
  ])('rejects a pin that breaks a hard rule (%s)', (_case, parents, extra, pin, rule) => {
    const error = thrown(() => propose(parents, { ...extra, pinnedPairs: [pin] }));
    expect(error.code).toBe('matching.pin_invalid');
    expect(error.details).toEqual({ ...pin, rule });
  });

  it('rejects more pins on a buddy than it has free slots', () => {
    const error = thrown(() =>
      propose([aSeeker({ id: 's1' }), aSeeker({ id: 's2' }), aBuddy({ id: 'b' })], {
        pinnedPairs: [
          { seekerId: 's2', buddyId: 'b' },
          { seekerId: 's1', buddyId: 'b' },
        ],
      }),
    );
    expect(error.details).toEqual({ seekerId: 's2', buddyId: 'b', rule: 'buddy_full' });
  });

  it('rejects a seeker pinned to two buddies', () => {
    const error = thrown(() =>
      propose([aSeeker({ id: 's' }), aBuddy({ id: 'b1' }), aBuddy({ id: 'b2' })], {
        pinnedPairs: [
          { seekerId: 's', buddyId: 'b1' },
          { seekerId: 's', buddyId: 'b2' },
        ],
      }),
    );
    expect(error.details).toEqual({ seekerId: 's', buddyId: 'b2', rule: 'seeker_pinned_twice' });
  });

  it('never proposes an excluded pair, whichever way round it was recorded', () => {
    const parents = [
      aSeeker({ id: 's1', ...sameClass }),
      aBuddy({ id: 'best', ...sameClass }),
      aBuddy({ id: 'plain' }),
    ];
    expect(pairs(propose(parents))).toEqual([['s1', 'best']]);
    for (const excluded of [
      { seekerId: 's1', buddyId: 'best' },
      { seekerId: 'best', buddyId: 's1' },
    ]) {
      expect(pairs(propose(parents, { excludedPairs: [excluded] }))).toEqual([['s1', 'plain']]);
    }
  });
});

describe('proposeMatches: why a seeker stays without a buddy', () => {
  const seeker = (o: Partial<EngineParent> = {}) => aSeeker({ id: 'seeker', ...o });

  it.each<[string, string, EngineParent[], Partial<MatchingInput>]>([
    [
      'no_shared_language',
      'nobody offering speaks Tigrinya',
      [
        seeker({ languages: [{ code: 'ti', level: 'native' }], dutchLevel: 'none' }),
        aBuddy({ id: 'b' }),
      ],
      {},
    ],
    [
      'no_experience',
      'the Dutch-speaking buddies never lost someone',
      [
        seeker({ situations: [{ code: 'bereavement', stance: 'seeking' }] }),
        aBuddy({ id: 'b1', situations: [{ code: 'divorce', stance: 'experienced' }] }),
        aBuddy({ id: 'b2' }),
      ],
      {},
    ],
    [
      'all_full',
      'the one fitting buddy is full',
      [
        seeker(),
        aBuddy({ id: 'b1', capacity: 1, currentLoad: 1 }),
        aBuddy({ id: 'b2', languages: [{ code: 'fr', level: 'native' }], dutchLevel: 'none' }),
      ],
      {},
    ],
    [
      'no_eligible_buddy',
      'the only buddy is the seeker’s partner',
      [seeker({ householdId: 'h1' }), aBuddy({ id: 'b', householdId: 'h1' })],
      {},
    ],
    [
      'no_eligible_buddy',
      'one buddy paused, one at another school',
      [seeker(), aBuddy({ id: 'b1', status: 'paused' }), aBuddy({ id: 'b2', schoolId: 's2' })],
      {},
    ],
    [
      'no_eligible_buddy',
      'the buddy withdrew consent',
      [seeker(), aBuddy({ id: 'b', consentToMatch: false })],
      {},
    ],
    [
      'no_eligible_buddy',
      'the seeker declined the only buddy before',
      [seeker(), aBuddy({ id: 'b' })],
      { excludedPairs: [{ seekerId: 'seeker', buddyId: 'b' }] },
    ],
  ])('reports %s when %s', (reason, _why, parents, extra) => {
    expect(propose(parents, extra).unmatched).toEqual([
      { seekerId: 'seeker', reason, candidates: 0 },
    ]);
  });

  it('reports taken_by_others with the number of candidates when the optimum gave them away', () => {
    const result = propose([
      seeker(),
      aSeeker({ id: 'other', waitingDays: 30 }),
      aBuddy({ id: 'b1' }),
      aBuddy({ id: 'b2', languages: [{ code: 'fr', level: 'native' }], dutchLevel: 'none' }),
    ]);
    expect(result.unmatched).toEqual([
      { seekerId: 'seeker', reason: 'taken_by_others', candidates: 1 },
    ]);
  });

  it('leaves paused seekers and seekers without consent out of the run', () => {
    const result = propose([
      seeker({ status: 'paused' }),
      aSeeker({ id: 'no-consent', consentToMatch: false }),
      aBuddy({ id: 'b' }),
    ]);
    expect(result).toEqual({
      proposals: [],
      unmatched: [],
      stats: { seekers: 0, buddies: 1, candidatePairs: 0, matched: 0, totalScore: 0 },
    });
  });

  it('rejects the same parent id twice', () => {
    expect(thrown(() => propose([aSeeker({ id: 'x' }), aBuddy({ id: 'x' })])).code).toBe(
      'matching.duplicate_parent',
    );
  });
});

// ---- random instances ----

const LANGUAGES = ['nl', 'ar', 'en', 'tr'];
const LEVELS: LanguageLevel[] = ['native', 'fluent', 'conversational', 'basic'];
// Repeated entries make the common cases likelier, so that most instances have matches.
const DUTCH: DutchLevel[] = ['none', 'basic', 'conversational', 'fluent', 'native', 'native'];
const SITUATIONS = ['dyslexia', 'divorce', 'new_to_school', 'new_to_nl'];
const STANCES: Stance[] = ['seeking', 'experienced'];
const STATUSES: ParentStatus[] = [
  'enrolled',
  'waiting',
  'matched',
  'waiting',
  'enrolled',
  'waiting',
  'paused',
  'left',
];

function parentArbitrary(id: string): fc.Arbitrary<EngineParent> {
  return fc
    .record({
      schoolId: fc.constantFrom('s1', 's1', 's1', 's2'),
      householdId: fc.constantFrom<(string | null)[]>(null, null, null, 'h1', 'h2'),
      seeksNow: fc.boolean(),
      offers: fc.boolean(),
      capacity: fc.integer({ min: 0, max: 3 }),
      currentLoad: fc.constantFrom(0, 0, 0, 1, 2),
      status: fc.constantFrom(...STATUSES),
      consentToMatch: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
      languages: fc.uniqueArray(
        fc.record({ code: fc.constantFrom(...LANGUAGES), level: fc.constantFrom(...LEVELS) }),
        { selector: (l) => l.code, maxLength: 3 },
      ),
      dutchLevel: fc.constantFrom(...DUTCH),
      situations: fc.oneof(
        { arbitrary: fc.constant<EngineParent['situations']>([]), weight: 2 },
        {
          arbitrary: fc.uniqueArray(
            fc.record({
              code: fc.constantFrom(...SITUATIONS),
              stance: fc.constantFrom(...STANCES),
            }),
            { selector: (s) => s.code, minLength: 1, maxLength: 2 },
          ),
          weight: 3,
        },
      ),
      childYears: fc.subarray(['groep-1', 'groep-3', 'vo-1']),
      childClasses: fc.subarray(['1A', '3B']),
      postcodeArea: fc.constantFrom<(string | null)[]>(null, '1055', '1056'),
      availability: fc.subarray(['mon-am', 'tue-pm', 'sat-am']),
      interests: fc.subarray(['cooking', 'music']),
      yearsAtSchool: fc.integer({ min: 0, max: 4 }),
      waitingDays: fc.integer({ min: 0, max: 120 }),
      shareableSituations: fc.subarray(SITUATIONS),
    })
    .map((fields) => ({ id, ...fields }));
}

const instanceArbitrary: fc.Arbitrary<MatchingInput> = fc
  .integer({ min: 2, max: 14 })
  .chain((n) => {
    const ids = Array.from({ length: n }, (_, i) => `p${String(i).padStart(2, '0')}`);
    return fc.record({
      parents: fc.tuple(...ids.map(parentArbitrary)),
      excludedPairs: fc.array(
        fc.record({ seekerId: fc.constantFrom(...ids), buddyId: fc.constantFrom(...ids) }),
        { maxLength: 4 },
      ),
      allowCrossSchool: fc.boolean(),
    });
  })
  .map(({ parents, excludedPairs, allowCrossSchool }) =>
    aMatchingInput({ parents, excludedPairs, allowCrossSchool, sensitiveSituations: ['dyslexia'] }),
  );

/** Size of a maximum matching over the eligible pairs, by the reference solver. */
function maximumMatched(input: MatchingInput): number {
  const ctx = buildRuleContext({ ...input, experiencedYears: DEFAULT_WEIGHTS.experiencedYears });
  const seekers = input.parents.filter(canSeek);
  const buddies = input.parents.filter((p) => p.offers);
  const edgeSeeker: number[] = [];
  const edgeBuddy: number[] = [];
  seekers.forEach((s, i) =>
    buddies.forEach((b, j) => {
      if (!eligibility(s, b, ctx).ok) return;
      edgeSeeker.push(i);
      edgeBuddy.push(j);
    }),
  );
  return solveReference({
    seekers: seekers.length,
    buddies: buddies.length,
    capacities: buddies.map((b) => Math.max(0, b.capacity - b.currentLoad)),
    edgeSeeker,
    edgeBuddy,
    edgeWeight: edgeSeeker.map(() => 1),
    objective: 'weight',
  }).matched;
}

describe('proposeMatches: properties on random instances', () => {
  it('proposes only pairs that pass every hard rule and never exceeds a capacity', () => {
    fc.assert(
      fc.property(instanceArbitrary, (input) => {
        const result = proposeMatches(input);
        const ctx = buildRuleContext({
          ...input,
          experiencedYears: DEFAULT_WEIGHTS.experiencedYears,
        });
        const byId = new Map(input.parents.map((p) => [p.id, p]));
        const load = new Map<string, number>();
        for (const p of result.proposals) {
          const seeker = byId.get(p.seekerId)!;
          const buddy = byId.get(p.buddyId)!;
          expect(eligibility(seeker, buddy, ctx)).toEqual({ ok: true });
          load.set(buddy.id, (load.get(buddy.id) ?? buddy.currentLoad) + 1);
          expect(p.score).toBe(p.reasons.reduce((sum, r) => sum + r.points, 0));
        }
        for (const [id, used] of load) expect(used).toBeLessThanOrEqual(byId.get(id)!.capacity);
        const seekerIds = input.parents
          .filter(canSeek)
          .map((p) => p.id)
          .sort();
        const accounted = [
          ...result.proposals.map((p) => p.seekerId),
          ...result.unmatched.map((u) => u.seekerId),
        ];
        expect(accounted.sort()).toEqual(seekerIds);
        for (const u of result.unmatched)
          expect(u.reason === 'taken_by_others').toBe(u.candidates > 0);
        expect(result.stats.matched).toBe(maximumMatched(input));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same result whatever the order of the parents', () => {
    fc.assert(
      fc.property(
        instanceArbitrary.chain((input) =>
          fc
            .shuffledSubarray(input.parents, { minLength: input.parents.length })
            .map((shuffled) => [input, { ...input, parents: shuffled }] as const),
        ),
        ([input, shuffled]) => {
          expect(proposeMatches(shuffled)).toEqual(proposeMatches(input));
        },
      ),
      { numRuns: 200 },
    );
  });
});
